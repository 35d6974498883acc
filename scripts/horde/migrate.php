<?php
/**
 * Step 2 of genconf.php: every schema migration (what horde-db-migrate does), in passes.
 */
require_once "$web/lib/Application.php";
Horde_Registry::appInit('horde', array('authentication' => 'none', 'cli' => true));
// some first migrations need Horde_Core's tables (rampage_types): up to 4 passes
// a test server's fresh database: no fsync per statement while the schema is built
// (15 s instead of 2 s on a busy disk); the web server's connections keep the defaults
$db = $GLOBALS['injector']->getInstance('Horde_Db_Adapter');
$db->execute('PRAGMA synchronous = OFF');
$db->execute('PRAGMA journal_mode = MEMORY');
$migration = new Horde_Core_Db_Migration();
$logger = new Horde_Log_Logger(new Horde_Log_Handler_Null());
$pending = $migration->apps;
for ($pass = 1; $pending && $pass <= 4; $pass++) {
    $failed = array();
    foreach ($pending as $app) {
        try {
            $migration->getMigrator($app, $logger)->up();
        } catch (Exception $e) {
            $failed[$app] = $e->getMessage() . (getenv("HORDE_MIGRATE_TRACE") ? "\n" . $e->getTraceAsString() : "");
        }
    }
    $pending = array_keys($failed);
}
if ($pending) {
    foreach ($failed as $app => $msg) {
        fwrite(STDERR, "migration of $app failed: $msg\n");
    }
    exit(1);
}
echo "migrated: " . count($migration->apps) . " schemas\n";
