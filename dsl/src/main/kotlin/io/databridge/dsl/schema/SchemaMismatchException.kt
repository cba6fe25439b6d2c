package io.databridge.dsl.schema

/** Thrown by `assertSchemaMatches` when the table objects and the database disagree; [differences] has one line each. */
public class SchemaMismatchException(public val differences: List<String>) :
    AssertionError(differences.joinToString("\n  ", "the database does not match the table objects:\n  "))
