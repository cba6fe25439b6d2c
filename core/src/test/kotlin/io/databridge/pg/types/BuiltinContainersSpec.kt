package io.databridge.pg.types

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

class BuiltinContainersSpec : FunSpec({
    val server = ServerConnection()
    afterSpec { server.close() }
    val registry = containerRegistry()
    val ctx = TestContext(registry)

    test("every built-in with an array type gets its array codec, and the built-in ranges and multiranges are there") {
        for (scalar in SCALAR_CODECS.filter { it.type.arrayOid != 0 }) {
            registry.codecFor(scalar.type.arrayOid).shouldBeInstanceOf<ArrayCodec>().elementCodec shouldBe scalar
        }
        for (oid in listOf(3904, 3926, 3906, 3908, 3910, 3912)) registry.codecFor(oid).shouldBeInstanceOf<RangeCodec>()
        for (oid in listOf(4451, 4536, 4532, 4533, 4534, 4535)) registry.codecFor(oid).shouldBeInstanceOf<MultirangeCodec>()
        for (oid in listOf(3905, 3927, 3907, 3909, 3911, 3913, 6150, 6157, 6151, 6152, 6153, 6155)) registry.codecFor(oid).shouldBeInstanceOf<ArrayCodec>()
        (registry.codecFor(Oids.BOX_ARRAY) as ArrayCodec).delimiter shouldBe ';'
    }

    // (SQL type, send function, literal): each is checked in both directions and both formats.
    val cases = listOf(
        Triple("bool[]", "array_send", "{t,f,NULL}"),
        Triple("int2[]", "array_send", "{1,-32768,32767}"),
        Triple("int8[]", "array_send", "{{1,2},{3,NULL}}"),
        Triple("float4[]", "array_send", "{1.5,NaN,Infinity,-Infinity}"),
        Triple("float8[]", "array_send", "{1.5,NaN,-Infinity,1e300}"),
        Triple("numeric[]", "array_send", "{1.50,NaN,-0.001,12345678901234567890.5}"),
        Triple("text[]", "array_send", "{\"a b\",\"NULL\",\"\",NULL,\"x\\\"y\",\"{}\"}"),
        Triple("varchar[]", "array_send", "[0:1]={a,b}"),
        Triple("uuid[]", "array_send", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}"),
        Triple("date[]", "array_send", "{2020-01-01,1999-12-31}"),
        Triple("timestamp[]", "array_send", "{\"2020-01-01 10:00:00.123456\"}"),
        Triple("timestamptz[]", "array_send", "{\"2020-01-01 10:00:00+00\",NULL}"),
        Triple("interval[]", "array_send", "{\"1 day 02:00:00\",\"-1 mons\"}"),
        Triple("box[]", "array_send", "{(1,1),(0,0);(3,3),(2,2)}"),
        Triple("point[]", "array_send", "{\"(1,2)\",\"(3.5,-4)\"}"),
        Triple("inet[]", "array_send", "{192.168.0.1/24,::1}"),
        Triple("int8range", "range_send", "(,100)"),
        Triple("numrange", "range_send", "[1.5,2.5)"),
        Triple("daterange", "range_send", "[2020-01-01,2020-02-01)"),
        Triple("tsrange", "range_send", "[\"2020-01-01 00:00:00\",\"2020-01-02 00:00:00\")"),
        Triple("tstzrange", "range_send", "[\"2020-01-01 00:00:00+00\",)"),
        Triple("datemultirange", "multirange_send", "{[2020-01-01,2020-01-05),[2020-02-01,2020-02-03)}"),
        Triple("nummultirange", "multirange_send", "{}"),
        Triple("daterange[]", "array_send", "{\"[2020-01-01,2020-01-05)\",empty,NULL}"),
    )
    context("built-in containers against PostgreSQL") {
        val conn = server.connection
        conn.exec("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'")
        for ((sqlType, send, literal) in cases) {
            test("$sqlType $literal") {
                val oid = conn.string("SELECT '$sqlType'::regtype::oid::text")!!.toInt()
                conn.checkRoundTrip(registry.codecFor(oid)!!, ctx, sqlType, send, literal)
            }
        }
    }
})
