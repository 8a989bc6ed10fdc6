/** A host that embeds livemig: it reads module io.livemig and nothing else of it. */
module org.example.livemighost {
    requires io.livemig;
}
