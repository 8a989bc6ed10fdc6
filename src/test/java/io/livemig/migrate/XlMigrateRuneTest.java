package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The command xl migrate runs (main_migrate's xasprintf), option by option. */
class XlMigrateRuneTest {
    @Test
    void theDefaultRune() {
        assertEquals("exec ssh dst xl migrate-receive", new XlMigrateRune("ssh", "dst", false, false, false, false).command());
    }

    @Test
    void eachOptionInXlsPlace() {
        assertEquals("exec ssh dst xl -t migrate-receive", new XlMigrateRune("ssh", "dst", true, false, false, false).command());
        assertEquals("exec ssh dst xl migrate-receive -e", new XlMigrateRune("ssh", "dst", false, true, false, false).command());
        assertEquals("exec ssh dst xl migrate-receive -d", new XlMigrateRune("ssh", "dst", false, false, true, false).command());
        assertEquals("exec ssh dst xl migrate-receive -p", new XlMigrateRune("ssh", "dst", false, false, false, true).command());
        assertEquals("exec ssh -p 2222 root@dst xl -t migrate-receive -e -d -p",
                new XlMigrateRune("ssh -p 2222", "root@dst", true, true, true, true).command());
    }

    @Test
    void anEmptySshCommandMakesTheHostTheRune() {
        assertEquals("nc dst 8002", new XlMigrateRune("", "nc dst 8002", true, true, true, true).command());
    }
}
