package io.databridge.ha

/** Prints a measured figure in one greppable line (`HA-FIGURE …`) to the spec's output file. */
fun figure(text: String) {
    println("HA-FIGURE $text")
}
