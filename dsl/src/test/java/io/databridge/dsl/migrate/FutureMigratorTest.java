package io.databridge.dsl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.databridge.embedded.TestDatabase;
import io.databridge.embedded.junit.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migration runner used from Java through FutureMigrator. */
@ExtendWith(PostgresExtension.class)
class FutureMigratorTest {
    private final TestDatabase database;

    FutureMigratorTest(TestDatabase database) {
        this.database = database;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static List<String> scripts(List<MigrationInfo> infos) {
        return infos.stream().map(MigrationInfo::getScript).collect(Collectors.toList());
    }

    @Test
    void dryRunMigrateInfoAndValidateFromJava() throws Exception {
        MigrationConfig config = MigrationConfig.builder()
            .locations("classpath:migrate-spec/concurrent-index")
            .table("java_history")
            .lockTimeout(Duration.ofMinutes(1))
            .build();
        FutureMigrator migrator = new FutureMigrator(database.getUrl(), config);

        DryRunPlan plan = await(migrator.dryRun());
        assertEquals(2, plan.getMigrations().size());
        assertTrue(plan.getSql().contains("CREATE INDEX CONCURRENTLY indexed_v ON indexed (v);"));

        MigrateResult result = await(migrator.migrate());
        assertEquals(List.of("V1__table.sql", "V2__index.sql"),
            result.getApplied().stream().map(Migration::getScript).collect(Collectors.toList()));
        assertEquals(MigrationVersion.parse("2"), result.getCurrentVersion());

        MigrationStatus status = await(migrator.info());
        assertEquals(List.of("V1__table.sql", "V2__index.sql"), scripts(status.getApplied()));
        assertTrue(status.getPending().isEmpty());
        assertNull(await(migrator.validate()));
        assertTrue(await(migrator.migrate()).getApplied().isEmpty());
    }

    @Test
    void failuresCompleteExceptionallyWithTheTypedException() throws Exception {
        FutureMigrator nowhere = new FutureMigrator(database.getUrl(),
            MigrationConfig.builder().locations("classpath:migrate-spec/nowhere").build());
        ExecutionException missing = assertThrows(ExecutionException.class, () -> await(nowhere.migrate()));
        assertInstanceOf(MigrationSourceException.class, missing.getCause());
        assertTrue(missing.getCause().getMessage().contains("classpath:migrate-spec/nowhere was not found"));

        FutureMigrator adopting = new FutureMigrator(database.getUrl(),
            MigrationConfig.builder().locations("classpath:migrate-spec/basic").table("java_baseline").build());
        AppliedMigration baseline = await(adopting.baseline("7"));
        assertEquals(MigrationType.BASELINE, baseline.getType());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> await(adopting.baseline("8")));
        assertInstanceOf(MigrationStateException.class, refused.getCause());
    }
}
