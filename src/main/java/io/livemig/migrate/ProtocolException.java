package io.livemig.migrate;

import java.io.IOException;

/** The peer sent something other than what xl's migration protocol has at this point. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
