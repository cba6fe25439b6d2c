package io.databridge.dsl.entity.serial

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.AbstractEncoder
import kotlinx.serialization.modules.EmptySerializersModule
import kotlinx.serialization.modules.SerializersModule

/** Receives one entity from its generated serializer and puts each property's value into its column's slot. */
@OptIn(ExperimentalSerializationApi::class)
internal class ValuesEncoder(private val columnOfElement: IntArray, private val values: Array<Any?>) : AbstractEncoder() {
    private var slot = -1

    override val serializersModule: SerializersModule = EmptySerializersModule()

    override fun encodeElement(descriptor: SerialDescriptor, index: Int): Boolean {
        slot = columnOfElement[index]
        return slot >= 0
    }

    override fun encodeValue(value: Any) {
        values[slot] = value
    }

    override fun encodeNull() {
        values[slot] = null
    }

    override fun <T> encodeSerializableValue(serializer: SerializationStrategy<T>, value: T) {
        // Values the DSL binds as they are (UUID, BigDecimal, enums, lists, JSON documents…) are not taken apart.
        if (value == null || value is String || value is Number || value is Boolean || value is Char) {
            serializer.serialize(this, value)
        } else {
            values[slot] = value
        }
    }
}
