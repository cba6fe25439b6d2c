package io.databridge.dsl

/** A row of 4 typed values; destructure it with `val (a, b, c, d) = row`. */
public data class Tuple4<A, B, C, D>(val a: A, val b: B, val c: C, val d: D)

/** A row of 5 typed values; destructure it with `val (a, b, c, d, e) = row`. */
public data class Tuple5<A, B, C, D, E>(val a: A, val b: B, val c: C, val d: D, val e: E)

/** A row of 6 typed values; destructure it with `val (a, b, c, d, e, f) = row`. */
public data class Tuple6<A, B, C, D, E, F>(val a: A, val b: B, val c: C, val d: D, val e: E, val f: F)

/** A row of 7 typed values; destructure it with `val (a, b, c, d, e, f, g) = row`. */
public data class Tuple7<A, B, C, D, E, F, G>(val a: A, val b: B, val c: C, val d: D, val e: E, val f: F, val g: G)

/** A row of 8 typed values; destructure it with `val (a, b, c, d, e, f, g, h) = row`. */
public data class Tuple8<A, B, C, D, E, F, G, H>(val a: A, val b: B, val c: C, val d: D, val e: E, val f: F, val g: G, val h: H)
