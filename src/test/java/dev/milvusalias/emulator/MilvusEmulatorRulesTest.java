package dev.milvusalias.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Unit tests of the emulator's name rules, status mapping and version switches. */
class MilvusEmulatorRulesTest {

    private static ServerError aliasError(String alias) {
        return catchThrowableOfType(ServerError.class, () -> MilvusNames.validateAlias(alias));
    }

    @Test
    void aliasMessagesMatchTheServerTextIncludingTheDoubleSpace() {
        assertThat(aliasError("1st").reason()).isEqualTo(
                "Invalid collection alias: 1st.  the first character of a collection alias must be an underscore or letter: invalid parameter");
        assertThat(aliasError("my-alias").reason()).isEqualTo(
                "Invalid collection alias: my-alias.  collection alias can only contain numbers, letters and underscores: invalid parameter");
        assertThat(aliasError("").reason()).isEqualTo("collection alias should not be empty: invalid parameter");
        assertThat(aliasError("a".repeat(256)).reason()).isEqualTo("Invalid collection alias: " + "a".repeat(256)
                + ".  the length of a collection alias must be less than 255 characters: invalid parameter");
        assertThat(aliasError("my-alias").code()).isEqualTo(1100);
        assertThat(aliasError("ok_alias")).isNull();
    }

    @Test
    void namesFollowTheMilvusAlphabet() {
        for (String ok : new String[] {"_", "a", "Z9_", "_1", "a".repeat(255), "prod_2024"}) {
            assertThatCode(() -> MilvusNames.validateCollectionName(ok)).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[] {"9a", "a-b", "a.b", "a b", " a", "ä", "aä", "a".repeat(256), "ab$"}) {
            ServerError e = catchThrowableOfType(ServerError.class, () -> MilvusNames.validateCollectionName(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.code()).isEqualTo(1100);
            assertThat(e.reason()).startsWith(bad.isEmpty() ? "collection" : "Invalid collection name: " + bad + ".  ");
        }
        // 255 bytes is the limit, not 255 characters
        assertThat(MilvusNames.isValidCollectionNameOrAlias("a".repeat(254) + "ä")).isFalse();
    }

    @Test
    void databaseNamesUseCode802() {
        ServerError e = catchThrowableOfType(ServerError.class, () -> MilvusNames.validateDatabaseName("my-db"));
        assertThat(e.code()).isEqualTo(802);
        assertThat(e.reason()).isEqualTo(
                "database name can only contain numbers, letters and underscores: invalid database name[database=my-db]");
    }

    @Test
    void legacyErrorCodesFollowMerrOldCode() {
        assertThat(MilvusEmulator.legacyErrorCode(100)).isEqualTo(4);
        assertThat(MilvusEmulator.legacyErrorCode(1100)).isEqualTo(5);
        for (int code : new int[] {800, 1600, 1601, 1602, 1603, 65535}) {
            assertThat(MilvusEmulator.legacyErrorCode(code)).as("code %d", code).isEqualTo(1);
        }
        assertThat(MilvusEmulator.legacyErrorCode(8)).isEqualTo(49);
    }

    @Test
    void successIsTheAllDefaultStatusAndFailuresCarryBothCodes() {
        assertThat(MilvusStatuses.success()).isEqualTo(io.milvus.grpc.Status.getDefaultInstance());
        io.milvus.grpc.Status s = MilvusStatuses.error(ServerError.aliasNotFound("default", "a"));
        assertThat(s.getCode()).isEqualTo(1600);
        assertThat(s.getErrorCodeValue()).isEqualTo(1);
        assertThat(s.getReason()).isEqualTo("alias not found[database=default][alias=a]");
    }

    @Test
    void versionSwitches() {
        assertThat(MilvusVersion.parse("v2.6.4").dropAliasIgnoresInvalidName()).isTrue();
        assertThat(MilvusVersion.parse("v2.5.15").dropAliasIgnoresInvalidName()).isTrue();
        assertThat(MilvusVersion.parse("v2.5.14").dropAliasIgnoresInvalidName()).isFalse();
        assertThat(MilvusVersion.parse("2.4.23").dropCollectionRefusesAliased()).isTrue();
        assertThat(MilvusVersion.parse("2.4.22").dropCollectionRefusesAliased()).isFalse();
        assertThat(MilvusVersion.parse("v2.5.4").dropCollectionRefusesAliased()).isFalse();
        assertThat(MilvusVersion.parse("v2.5.5").dropCollectionRefusesAliased()).isTrue();
        assertThat(MilvusVersion.parse("v2.6.0-rc1").dropCollectionRefusesAliased()).isTrue();
        assertThat(MilvusVersion.parse("v2.3.4").hasDescribeAndListAliases()).isFalse();
        assertThat(MilvusVersion.parse("v2.3.5").hasDescribeAndListAliases()).isTrue();
        assertThat(MilvusVersion.parse("nonsense")).isEqualTo(MilvusVersion.LATEST);
    }
}
