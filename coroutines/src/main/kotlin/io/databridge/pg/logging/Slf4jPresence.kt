package io.databridge.pg.logging

/**
 * Whether SLF4J is on the class path. SLF4J is an optional dependency: every class that touches its types is
 * loaded only after this check said yes, so the engine runs without it (and then logs nothing).
 */
internal object Slf4jPresence {
    val available: Boolean = try {
        Class.forName("org.slf4j.LoggerFactory", false, Slf4jPresence::class.java.classLoader)
        true
    } catch (e: ClassNotFoundException) {
        false
    } catch (e: LinkageError) {
        false
    }
}
