package io.databridge.pg

import io.databridge.pg.errors.InvalidIdentifierException

/** A LISTEN/NOTIFY channel name was refused before reaching the server. */
public class InvalidChannelNameException(message: String) : InvalidIdentifierException(message)
