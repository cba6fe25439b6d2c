package io.databridge.dsl

/** The shared exception for a name that cannot be an identifier; see [io.databridge.pg.identifiers.Identifiers]. */
public typealias InvalidIdentifierException = io.databridge.pg.errors.InvalidIdentifierException
