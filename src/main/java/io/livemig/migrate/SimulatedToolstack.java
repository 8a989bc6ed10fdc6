package io.livemig.migrate;

import io.livemig.backend.DomainException;
import io.livemig.backend.SourceDomain;

/**
 * The identity of a simulated source, in memory: a name that changes, a destroyed flag, and the
 * domain's own resume.
 */
public final class SimulatedToolstack implements SourceToolstack {
    private final SourceDomain domain;
    private volatile String name;
    private volatile boolean destroyed;

    public SimulatedToolstack(SourceDomain domain, String name) {
        this.domain = domain;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void rename(String from, String to) {
        checkAlive("rename");
        if (!name.equals(from)) {
            throw new DomainException("cannot rename " + from + " to " + to + ": the domain is called " + name);
        }
        name = to;
    }

    @Override
    public synchronized void destroy() {
        checkAlive("destroy");
        destroyed = true;
    }

    @Override
    public void resume() {
        checkAlive("resume");
        domain.resume();
    }

    @Override
    public boolean destroyed() {
        return destroyed;
    }

    private void checkAlive(String what) {
        if (destroyed) {
            throw new DomainException("cannot " + what + " " + name + ": it was destroyed");
        }
    }
}
