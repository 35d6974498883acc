# Horde Groupware part of scripts/eas-test-server, sourced by it for `--server horde`.
#
# Debian's php-horde-webmail (Horde 5.2, IMP, Kronolith, Horde_ActiveSync 2.41.9, which
# speaks EAS up to 16.0) on 127.0.0.1, beside SOGo and sharing nothing with it:
#
#   $STATE/web/      a copy of /usr/share/horde whose */config links into /etc/horde are
#                    replaced by private copies; genconf.php writes conf.php, IMP's
#                    backends.local.php and hooks.php there and creates the SQLite schema
#   $STATE/state/    horde.sqlite (Horde, Kronolith, the ActiveSync state), cache, vfs, sessions
#   $STATE/dovecot/  a private Dovecot (IMAP + LMTP, passwd-file users alice and bob)
#   $STATE/postfix/  a private Postfix (SMTP in, LMTP out to that Dovecot): Horde's mailer
#   $LOG/            horde.log (DEBUG), activesync/<device>.txt (Horde's own decode of every
#                    WBXML body), php.log, dovecot.log, postfix.log
#
# PHP's built-in web server (PHP_CLI_SERVER_WORKERS=4, as www-data) serves the copy, and
# router.php sends /Microsoft-Server-ActiveSync to rpc.php, as a deployment's alias does.
# Ports EAS_HORDE_BASE_PORT (28000) +3 IMAP, +4 LMTP, +5 SMTP, +6 HTTP.
PACKAGES=(php-horde-webmail php-horde-activesync php-sqlite3 dovecot-imapd dovecot-lmtpd postfix)
HTTP_PORT=$((BASE + 6))
EAS_URL="http://127.0.0.1:$HTTP_PORT/Microsoft-Server-ActiveSync"
HORDE_URL="http://127.0.0.1:$HTTP_PORT/"
PHP_USER=www-data

configure_horde() {
    local w=$STATE/web d name
    rm -rf "$w" "$STATE/state" "$STATE/javascript" "$STATE/php"
    cp -a /usr/share/horde "$w"
    # every link into /etc/horde (configs, themes, .htaccess) becomes a private copy
    for d in "$w" "$w"/*; do
        [ -L "$d/config" ] && { name=$(readlink -f "$d/config"); rm "$d/config"; cp -rL "$name" "$d/config"; }
    done
    rm -f "$w/static"; mkdir -p "$w/static"
    ln -s /usr/share/javascript "$STATE/javascript"   # web/js links to ../../javascript/…
    mkdir -p "$STATE/state/cache" "$STATE/state/vfs" "$STATE/state/sessions" "$STATE/state/tmp" \
        "$LOG/activesync"
    chown -R "$PHP_USER": "$STATE/state" "$w/static" "$LOG/activesync"
    touch "$LOG/horde.log" "$LOG/php.log"; chown "$PHP_USER": "$LOG/horde.log" "$LOG/php.log"
    chown -R "$PHP_USER": "$w/config" "$w"/*/config
    chown "$PHP_USER": "$w/kronolith/lib/Event.php"   # genconf.php fixes its 16.0 Location
    chown "$PHP_USER": "$w/kronolith/lib/Api.php"     # ... and an occurrence's reply
    patch_framework
    local step
    for step in config migrate; do
        run_php "$HERE/horde/genconf.php" "$STATE" "$IMAP_PORT" "$SMTP_PORT" "$HTTP_PORT" "$DOMAIN" "$step" \
            >>"$LOG/genconf.log" 2>&1 || { tail -n 30 "$LOG/genconf.log" >&2; die "Horde's configuration failed ($step)"; }
    done
}

# Horde_ActiveSync 2.41.9's Message/Exception.php cannot write an exception at 16.0: it names
# a class without quotes (line 128: PHP 8 throws "Undefined constant"), and
# setExceptionStartTime() (line 171) sets exceptionstarttime, which 16.0 replaced by
# airsyncbase:InstanceId ("Unknown property").  A fixed copy in $STATE/php, ahead of
# /usr/share/php on the include path, is what Horde's autoloader finds: both fixes, nothing else.
patch_framework() {
    local rel=Horde/ActiveSync/Message/Exception.php out
    out=$STATE/php/$rel
    mkdir -p "$(dirname "$out")"
    sed -e "s/self::KEY_TYPE => Horde_ActiveSync_Message_AirSyncBaseLocation)/self::KEY_TYPE => 'Horde_ActiveSync_Message_AirSyncBaseLocation')/" \
        -e 's/^        \$this->exceptionstarttime = \$date;$/        if ($this->_version >= Horde_ActiveSync::VERSION_SIXTEEN) { $this->instanceid = $date; } else { $this->exceptionstarttime = $date; }/' \
        -e 's/^        return \$this->_getAttribute(.exceptionstarttime.);$/        return $this->_getAttribute($this->_version >= Horde_ActiveSync::VERSION_SIXTEEN ? "instanceid" : "exceptionstarttime");/' \
        "/usr/share/php/$rel" > "$out"
    [ "$(grep -c "KEY_TYPE => 'Horde_ActiveSync_Message_AirSyncBaseLocation'\|this->instanceid = \$date\|? \"instanceid\" :" "$out")" = 3 ] \
        || die "/usr/share/php/$rel is not the one these fixes are for"
    patch_occurrence_reply
}

# Horde_Core_ActiveSync_Driver::meetingResponse() (Core/ActiveSync/Driver.php line 2916)
# never reads the request's InstanceId, so an answer to one occurrence answers the series,
# in the attendee's calendar and in the reply SendResponse mails; and Horde_Itip's reply
# (Itip/Event/Vevent.php copyEventInto(), line 134) copies no RECURRENCE-ID from the request.
# Fixed copies, as above: with an InstanceId the request's VEVENT becomes that occurrence
# (RECURRENCE-ID, its own DTSTART/DTEND, no RRULE), and the reply keeps the RECURRENCE-ID.
# The organizer's side is kronolith/lib/Api.php's updateAttendee() (genconf.php).
patch_occurrence_reply() {
    local rel=Horde/Core/ActiveSync/Driver.php out
    out=$STATE/php/$rel
    mkdir -p "$(dirname "$out")"
    sed -e 's/^        \$vEvent->updateAttendee(\$email, \$itip_response);$/&\
        if (!empty($response["instanceid"])) { \/\/ fastwbxml'"'"'s EAS test server: one occurrence\
            $occurrence = (new Horde_Date($response["instanceid"]))->timestamp();\
            $length = $vEvent->getAttribute("DTEND") - $vEvent->getAttribute("DTSTART");\
            $vEvent->setAttribute("RECURRENCE-ID", $occurrence, array(), false);\
            $vEvent->setAttribute("DTSTART", $occurrence, array(), false);\
            $vEvent->setAttribute("DTEND", $occurrence + $length, array(), false);\
            $vEvent->removeAttribute("RRULE");\
        }/' "/usr/share/php/$rel" > "$out"
    [ "$(grep -c 'fastwbxml.s EAS test server: one occurrence' "$out")" = 1 ] \
        || die "/usr/share/php/$rel is not the one this fix is for"
    rel=Horde/Itip/Event/Vevent.php
    out=$STATE/php/$rel
    mkdir -p "$(dirname "$out")"
    sed -e 's/^        \$this->copyOrganizer(\$event);$/&\
        try { \/\/ fastwbxml'"'"'s EAS test server: a reply to one occurrence names it\
            $event->getVevent()->setAttribute("RECURRENCE-ID", $this->_vevent->getAttribute("RECURRENCE-ID"), array(), false);\
        } catch (Horde_Icalendar_Exception $e) {}/' "/usr/share/php/$rel" > "$out"
    [ "$(grep -c 'fastwbxml.s EAS test server: a reply to one occurrence' "$out")" = 1 ] \
        || die "/usr/share/php/$rel is not the one this fix is for"
}

php_ini() {  # the php settings of both the CLI run and the web server
    printf '%s\n' -d "error_reporting=E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_STRICT" -d display_errors=0 \
        -d log_errors=1 -d "error_log=$LOG/php.log" -d memory_limit=512M -d date.timezone=UTC \
        -d "session.save_path=$STATE/state/sessions" -d max_execution_time=120 \
        -d "include_path=$STATE/php:.:/usr/share/php"
}

run_php() {
    local ini; mapfile -t ini < <(php_ini)
    setpriv --reuid="$PHP_USER" --regid="$PHP_USER" --init-groups \
        env -i HOME="$STATE/state" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 php "${ini[@]}" "$@" </dev/null
}

start_horde() {
    port_free "$HTTP_PORT" || die "port $HTTP_PORT (php -S) is taken"
    local ini; mapfile -t ini < <(php_ini)
    setsid setpriv --reuid="$PHP_USER" --regid="$PHP_USER" --init-groups \
        env -i HOME="$STATE/state" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 PHP_CLI_SERVER_WORKERS=4 \
        php "${ini[@]}" -S "127.0.0.1:$HTTP_PORT" -t "$STATE/web" "$HERE/horde/router.php" \
        </dev/null >>"$LOG/php-server.log" 2>&1 &
    echo $! > "$RUN/php.pgid"
}

# a process group with a process that is not a zombie (php -S ends at once on TERM, but it
# runs detached, and a container's init may never reap it)
group_alive() { ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'; }

horde_running() { [ -f "$RUN/php.pgid" ] && group_alive "$(cat "$RUN/php.pgid")"; }

cmd_start() {
    need_root
    local t0 t1 i
    t0=$(now)
    mkdir -p "$STATE"
    if horde_running && eas_answers 2>/dev/null; then say "already running: $EAS_URL"; return 0; fi
    cmd_install
    cmd_stop >/dev/null 2>&1 || true
    t1=$(now)
    if [ "${EAS_KEEP_STATE:-0}" != 1 ]; then
        rm -rf "$STATE/web" "$STATE/state" "$STATE/php" "$STATE/dovecot" "$STATE/mail" "$STATE/postfix" "$RUN" "$LOG"
    fi
    mkdir -p "$LOG" "$RUN"
    chmod 777 "$LOG"
    if [ ! -f "$STATE/dovecot/dovecot.conf" ]; then
        configure_dovecot
        sed -i 's/^instance_name = .*/instance_name = fastwbxml-eas-horde/' "$STATE/dovecot/dovecot.conf"
    fi
    if [ ! -f "$STATE/postfix/conf/main.cf" ]; then
        configure_postfix
        sed -i 's/^syslog_name = .*/syslog_name = fastwbxml-eas-horde-postfix/' "$STATE/postfix/conf/main.cf"
    fi
    [ -f "$STATE/web/config/conf.php" ] || { configure_horde; say "configured Horde in $(elapsed "$t1") s"; }
    start_dovecot
    start_postfix
    wait_port "$IMAP_PORT" 10 dovecot
    wait_port "$SMTP_PORT" 10 postfix
    start_horde
    wait_port "$HTTP_PORT" 20 "php -S"
    say "daemons up in $(elapsed "$t1") s"
    for ((i = 0; i < 100; i++)); do eas_answers 2>/dev/null && break; sleep 0.2; done
    eas_answers || { tail -n 30 "$LOG/php.log" "$LOG/horde.log" >&2; die "the EAS endpoint does not answer"; }
    say "started in $(elapsed "$t1") s (total $(elapsed "$t0") s): $EAS_URL"
}

cmd_stop() {
    local t0 pgid i
    t0=$(now)
    [ -d "$STATE" ] || return 0
    if [ -f "$RUN/php.pgid" ]; then
        pgid=$(cat "$RUN/php.pgid")
        if kill -0 -- "-$pgid" 2>/dev/null; then
            kill -TERM -- "-$pgid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do group_alive "$pgid" || break; sleep 0.1; done
            group_alive "$pgid" && kill -KILL -- "-$pgid" 2>/dev/null || true
        fi
        rm -f "$RUN/php.pgid"
    fi
    if [ -f "$STATE/postfix/spool/pid/master.pid" ] && postfix_cmd status >/dev/null 2>&1; then
        postfix_cmd stop >>"$LOG/postfix-start.log" 2>&1 || true
    fi
    if [ -f "$STATE/dovecot/run/master.pid" ] && pid_alive "$STATE/dovecot/run/master.pid"; then
        dovecot -c "$STATE/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
        for ((i = 0; i < 100; i++)); do pid_alive "$STATE/dovecot/run/master.pid" || break; sleep 0.1; done
    fi
    say "stopped in $(elapsed "$t0") s"
}

cmd_status() {
    if horde_running && eas_answers; then echo "running: $EAS_URL"; else echo "not running"; return 1; fi
}

cmd_env() {
    cat <<EOF2
EAS_URL=$EAS_URL
EAS_DAV_URL=${HORDE_URL}rpc.php/calendars
EAS_HORDE_URL=$HORDE_URL
EAS_DOMAIN=$DOMAIN
EAS_USERS="${USERS[*]}"
EAS_PASSWORD=$PASSWORD
EAS_IMAP=127.0.0.1:$IMAP_PORT
EAS_SMTP=127.0.0.1:$SMTP_PORT
EAS_STATE=$STATE
EAS_LOGS=$LOG
EOF2
}

cmd_logs() {
    local f
    for f in "$LOG"/* "$LOG"/activesync/*; do [ -f "$f" ] || continue; echo "==> $f <=="; tail -n "${1:-20}" "$f"; done
}
