package io.livemig.migrate;

/** The steps of {@code xl migrate}'s sending side, in order, each named as a failure line names it. */
public enum SenderStep {
    BANNER("reading the receiver's banner"),
    HEADER("writing the xl header and domain config"),
    STREAM("sending the domain"),
    READY("waiting for the receiver's \"ready\""),
    RENAME("renaming the source away"),
    GO("giving the receiver its go"),
    REPORT("reading the receiver's report"),
    PERMISSION("reading the receiver's permission to resume"),
    RESUME("resuming the source"),
    DESTROY("destroying the source");

    private final String text;

    SenderStep(String text) {
        this.text = text;
    }

    /** "reading the receiver's banner" */
    public String text() {
        return text;
    }
}
