/** A host that reaches past livemig's API. */
module org.example.intruder {
    requires io.livemig;
}
