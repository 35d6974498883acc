<?php
/**
 * Router of PHP's built-in web server for the Horde test server: the EAS endpoint
 * (/Microsoft-Server-ActiveSync) and Autodiscover go to Horde's rpc.php, as the web server
 * alias of a real deployment does; files that exist are served as they are.
 */
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (stripos($path, '/Microsoft-Server-ActiveSync') === 0 || stripos($path, '/autodiscover/') === 0) {
    $_SERVER['SCRIPT_NAME'] = '/rpc.php';
    $_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/rpc.php';
    $_SERVER['PHP_SELF'] = '/rpc.php';
    chdir($_SERVER['DOCUMENT_ROOT']);
    require $_SERVER['DOCUMENT_ROOT'] . '/rpc.php';
    return true;
}
return false;
