package io.livemig.migrate;

/**
 * The command line {@code xl migrate} runs to reach the receiver (main_migrate in Xen 4.17's
 * tools/xl/xl_migrate.c): {@code exec SSHCOMMAND HOST xl[ -t] migrate-receive[ -e][ -d][ -p]},
 * or HOST itself when SSHCOMMAND is empty ({@code -s ""}: HOST is then the whole command).
 *
 * <p>xl adds {@code -t} when its standard error is a terminal (so that the receiver's progress
 * overwrites itself), {@code -e} for its own {@code -e} (the receiver does not daemonize),
 * {@code -d} for {@code --debug} and {@code -p} for {@code -p} (the domain stays paused at the
 * destination). xl's global {@code -T} and {@code -v} options have no counterpart in livemig and
 * are never added.
 *
 * @param sshCommand     the -s command ("ssh" by default); empty: {@code host} is the rune
 * @param host           the destination as given on the command line
 * @param terminal       this process's standard error is a terminal
 * @param noDaemon       -e
 * @param debug          --debug
 * @param pauseAfter     -p
 */
public record XlMigrateRune(String sshCommand, String host, boolean terminal, boolean noDaemon, boolean debug,
                            boolean pauseAfter) {

    /** The command for {@code sh -c}. */
    public String command() {
        if (sshCommand.isEmpty()) {
            return host;
        }
        return "exec " + sshCommand + " " + host + " xl" + (terminal ? " -t" : "") + " migrate-receive"
                + (noDaemon ? " -e" : "") + (debug ? " -d" : "") + (pauseAfter ? " -p" : "");
    }
}
