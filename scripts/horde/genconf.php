<?php
/**
 * Configure a private copy of Horde and create its database (run by server.sh).
 *
 *   php genconf.php STATE IMAP_PORT SMTP_PORT HTTP_PORT DOMAIN config|migrate
 *
 * Debian's webmail-install and horde-db-migrate find Horde through PEAR's horde_dir and would
 * write to /etc/horde; this does the same work on the copy in STATE/web.  Horde_Config reads
 * the conf.php it finds as the defaults of its form, so a seed conf.php with our values goes
 * first, then each application's conf.php is generated from its conf.xml (every other setting
 * at its default), the seed appended to Horde's own (conf.xml offers EAS versions up to 14.1
 * only; Horde_ActiveSync 2.41 speaks 16.0).  Then every schema migration runs, in passes:
 * some applications' first migration needs Horde_Core's tables (rampage_types).  The two
 * steps run as two processes: the migrations need the generated conf.php loaded.
 */
list(, $P, $imapPort, $smtpPort, $httpPort, $domain, $step) = $argv;
$web = "$P/web";
if ($step == 'migrate') {
    // at the top level: Horde's core.php keeps its autoloader in a global variable
    require __DIR__ . '/migrate.php';
    exit(0);
}

$seed = <<<PHP
\$conf['sql'] = array('phptype' => 'sqlite', 'database' => '$P/state/horde.sqlite', 'charset' => 'utf-8');
\$conf['sql']['mode'] = '0640';
\$conf['auth']['driver'] = 'application';
\$conf['auth']['params'] = array('app' => 'imp');
\$conf['auth']['admins'] = array();
\$conf['auth']['checkip'] = false;
\$conf['auth']['checkbrowser'] = false;
\$conf['log']['enabled'] = true;
\$conf['log']['priority'] = 'DEBUG';
\$conf['log']['type'] = 'file';
\$conf['log']['name'] = '$P/log/horde.log';
\$conf['log']['ident'] = 'HORDE';
\$conf['log']['params'] = array('append' => true);
\$conf['mailer']['type'] = 'smtp';
\$conf['mailer']['params'] = array('host' => '127.0.0.1', 'port' => $smtpPort, 'auth' => false, 'secure' => false, 'lmtp' => false, 'localhost' => 'localhost');
\$conf['cache']['driver'] = 'File';
\$conf['cache']['params'] = array('dir' => '$P/state/cache', 'sub' => 0);
\$conf['cache']['default_lifetime'] = 1800;
\$conf['vfs']['type'] = 'File';
\$conf['vfs']['params'] = array('vfsroot' => '$P/state/vfs');
\$conf['tmpdir'] = '$P/state/tmp';
\$conf['testdisable'] = true;
\$conf['use_ssl'] = 0;
\$conf['server']['name'] = '127.0.0.1';
\$conf['server']['port'] = $httpPort;
\$conf['cookie']['domain'] = '';
\$conf['cookie']['path'] = '/';
\$conf['session']['name'] = 'Horde';
\$conf['activesync']['enabled'] = true;
\$conf['activesync']['storage'] = 'Sql';
\$conf['activesync']['params'] = array('driverconfig' => 'horde');
\$conf['activesync']['emailsync'] = true;
\$conf['activesync']['version'] = '16.0';
\$conf['activesync']['auth'] = array('type' => 'basic');
\$conf['activesync']['autodiscovery'] = 'user';
\$conf['activesync']['outlookdiscovery'] = false;
\$conf['activesync']['logging'] = array('type' => 'perdevice', 'path' => '$P/log/activesync', 'level' => 1);
\$conf['activesync']['ping'] = array('heartbeatmin' => 60, 'heartbeatmax' => 2700, 'heartbeatdefault' => 480, 'deviceping' => true, 'waitinterval' => 2);
\$conf['activesync']['maxitems'] = 100;
PHP;

file_put_contents("$web/config/conf.php", "<?php\n$seed\n");

file_put_contents("$web/imp/config/backends.local.php", <<<PHP
<?php
\$servers['imap'] = array(
    'disabled' => false,
    'name' => 'fastwbxml test IMAP',
    'hostspec' => '127.0.0.1',
    'hordeauth' => false,
    'protocol' => 'imap',
    'port' => $imapPort,
    'secure' => false,
    'maildomain' => '$domain',
    'cache' => false,
);
PHP);

// The organizer's calendar takes the attendees' replies when her device syncs them from the
// Inbox only if IMP's iTip viewer may update events by itself: for replies from our domain.
file_put_contents("$web/imp/config/mime_drivers.local.php", <<<PHP
<?php
\$mime_drivers['itip']['auto_update_eventreply'] = array('$domain');
PHP);

file_put_contents("$web/config/hooks.php", <<<PHP
<?php
class Horde_Hooks
{
    // Provisioning is off unless a permission or this hook turns it on (Horde's default
    // answers Provision with Policy Status 2): Exchange clients expect the key exchange.
    public function activesync_provisioning_check(\$device, \$user)
    {
        return Horde_ActiveSync::PROVISIONING_FORCE;
    }

    // Each user's identity: the address iTip replies are sent from.
    public function prefs_init(\$pref, \$value, \$username, \$scope_ob)
    {
        if (is_null(\$username)) {
            return \$value;
        }
        switch (\$pref) {
        case 'from_addr':
            return \$username . '@$domain';
        case 'fullname':
            return ucfirst(\$username) . ' Example';
        }
        return \$value;
    }
}
PHP);

file_put_contents("$web/config/prefs.local.php", <<<PHP
<?php
\$_prefs['from_addr']['hook'] = true;
\$_prefs['fullname']['hook'] = true;
PHP);

// Kronolith 4.2.29 gives the EAS message its location as a string at every version, and the
// 16.0 encoder then writes that string as the text of airsyncbase:Location, which is a
// container of DisplayName, ... ([MS-ASAIRS] 2.2.2.27).  The copy gets the fix a deployment
// would apply: from 16.0 the string goes into an AirSyncBaseLocation's DisplayName.
$event = "$web/kronolith/lib/Event.php";
$src = file_get_contents($event);
$fix = array(
    '$message->setLocation($this->location);' =>
        '$message->setLocation(self::easLocation($this->location, $options[\'protocolversion\']));',
    '$e->setLocation($exception->location);' =>
        '$e->setLocation(self::easLocation($exception->location, $options[\'protocolversion\']));',
    '    public function toASAppointment(array $options = array())' => <<<'FIX'
    // fastwbxml's EAS test server: airsyncbase:Location is a container from EAS 16.0
    public static function easLocation($location, $version)
    {
        if ($version < Horde_ActiveSync::VERSION_SIXTEEN || !strlen((string)$location)) {
            return $location;
        }
        $loc = new Horde_ActiveSync_Message_AirSyncBaseLocation(array('protocolversion' => $version));
        $loc->displayname = $location;
        return $loc;
    }

    // fastwbxml's EAS test server: Kronolith's updateAttendee() ignores an iTip REPLY's
    // RECURRENCE-ID and answers the whole series.  A reply to one occurrence goes to that
    // occurrence's exception event instead, made from the series if there is none yet (the
    // exception event Kronolith's own calendar UI makes when one occurrence is edited).
    public static function easOccurrence(Kronolith_Event $series, $response)
    {
        try {
            $rid = new Horde_Date($response->getAttribute('RECURRENCE-ID'));
        } catch (Horde_Icalendar_Exception $e) {
            return $series;
        }
        if (!$series->recurs()) {
            return $series;
        }
        foreach ($series->boundExceptions() as $exception) {
            if ($exception->exceptionoriginaldate->compareDateTime($rid) == 0) {
                return $exception;
            }
        }
        $occurrence = $series->getDriver()->getEvent();
        foreach (array('creator', 'title', 'description', 'location', 'private', 'url',
                       'status', 'attendees', 'timezone') as $name) {
            $occurrence->$name = $series->$name;
        }
        $occurrence->baseid = $series->uid;
        $occurrence->exceptionoriginaldate = clone $rid;
        $occurrence->start = clone $rid;
        $occurrence->end = new Horde_Date($rid->timestamp() + $series->end->timestamp() - $series->start->timestamp());
        $occurrence->initialized = true;
        $series->recurrence->addException($rid->format('Y'), $rid->format('m'), $rid->format('d'));
        $series->save();
        return $occurrence;
    }

    public function toASAppointment(array $options = array())
FIX
,
    // an exception event's own attendees (their answers to that occurrence) in its
    // calendar:Exception, which [MS-ASCAL] 2.2.2.20 allows and Kronolith leaves out
    '                    $e->setDTStamp($_SERVER[\'REQUEST_TIME\']);' => <<<'FIX'
                    $e->setDTStamp($_SERVER['REQUEST_TIME']);
                    // fastwbxml's EAS test server: the occurrence's own attendees
                    foreach ($exception->toASAppointment($options)->getAttendees() as $attendee) {
                        $e->addAttendee($attendee);
                    }
FIX
);
foreach ($fix as $from => $to) {
    if (substr_count($src, $from) != 1) {
        fwrite(STDERR, "kronolith/lib/Event.php: '$from' not found once\n");
        exit(1);
    }
    $src = str_replace($from, $to, $src);
}
file_put_contents($event, $src);

// ... and updateAttendee() (kronolith/lib/Api.php) hands a reply to one occurrence to it
$api = "$web/kronolith/lib/Api.php";
$src = file_get_contents($api);
$from = '        $atnames = $response->getAttribute(\'ATTENDEE\');';
if (substr_count($src, $from) != 1) {
    fwrite(STDERR, "kronolith/lib/Api.php: '$from' not found once\n");
    exit(1);
}
file_put_contents($api, str_replace($from, "        // fastwbxml's EAS test server: a reply to one occurrence (RECURRENCE-ID)\n"
    . "        \$event = Kronolith_Event::easOccurrence(\$event, \$response);\n" . $from, $src));

require_once "$web/lib/Application.php";
Horde_Registry::appInit('horde', array('authentication' => 'none', 'cli' => true));

foreach ($registry->listAllApps() as $app) {
    $dir = $registry->get('fileroot', $app) . '/config';
    if (!file_exists("$dir/conf.xml")) {
        continue;
    }
    $config = new Horde_Config($app);
    $php = $config->generatePHPConfig(new Horde_Variables());
    if ($app == 'horde') {
        $php .= "\n// fastwbxml's EAS test server: the seed again, over the generated values\n$seed\n";
    }
    file_put_contents("$dir/conf.php", $php);
}

echo "configured\n";

