package io.databridge.pg.types

/** A `point` `(x,y)`. */
public data class PgPoint(public val x: Double, public val y: Double)

/** A `line` `{A,B,C}`: the infinite line `Ax + By + C = 0`. */
public data class PgLine(public val a: Double, public val b: Double, public val c: Double)

/** A line segment `lseg` `[(x1,y1),(x2,y2)]`. */
public data class PgLineSegment(public val start: PgPoint, public val end: PgPoint)

/** A `box` given by two opposite corners; the server stores the upper-right corner first. */
public data class PgBox(public val high: PgPoint, public val low: PgPoint)

/** A `path`: [closed] paths print as `((…))`, open ones as `[(…)]`. */
public data class PgPath(public val points: List<PgPoint>, public val closed: Boolean)

/** A `polygon` `((x1,y1),…)`. */
public data class PgPolygon(public val points: List<PgPoint>)

/** A `circle` `<(x,y),r>`. */
public data class PgCircle(public val center: PgPoint, public val radius: Double)
