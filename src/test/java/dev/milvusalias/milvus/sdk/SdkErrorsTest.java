package dev.milvusalias.milvus.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusException;
import io.grpc.Status;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;

/** How SDK exceptions become failures, including the shapes the SDK really throws. */
class SdkErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "100, COLLECTION_NOT_FOUND",
            "800, DATABASE_NOT_FOUND",
            "1100, INVALID_ARGUMENT",
            "1600, ALIAS_NOT_FOUND",
            "1601, NAME_TAKEN_BY_COLLECTION",
            "1602, ALIAS_POINTS_ELSEWHERE",
            "65535, UNEXPECTED"})
    void serverCodes(int code, Failure expected) {
        MilvusClientException e = new MilvusClientException(ErrorCode.SERVER_ERROR, "reason", code, 1);
        assertThat(SdkErrors.translate("CreateAlias", e).failure()).isEqualTo(expected);
    }

    @Test
    void legacyCodeAloneIsUnderstood() {
        MilvusClientException e = new MilvusClientException(ErrorCode.SERVER_ERROR, "reason", 0, 4);
        assertThat(SdkErrors.translate("CreateAlias", e).failure()).isEqualTo(Failure.COLLECTION_NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource({
            "100, 4, COLLECTION_NOT_FOUND",
            "800, 1, DATABASE_NOT_FOUND",
            "1100, 5, INVALID_ARGUMENT",
            "0, 4, COLLECTION_NOT_FOUND",
            "0, 1, UNEXPECTED",
            "65535, 1, UNEXPECTED"})
    void aRawStatusThatFailedIsClassifiedLikeAnSdkError(int code, int legacy, Failure expected) {
        io.milvus.grpc.Status status = io.milvus.grpc.Status.newBuilder().setCode(code).setErrorCodeValue(legacy)
                .setReason("the reason").build();
        assertThatThrownBy(() -> SdkErrors.requireSuccess("GetLoadState", status))
                .isInstanceOfSatisfying(MilvusException.class, e -> {
                    assertThat(e.failure()).isEqualTo(expected);
                    assertThat(e.getMessage()).isEqualTo("GetLoadState: the reason");
                });
    }

    @Test
    void theAllDefaultRawStatusIsSuccess() {
        assertThatCode(() -> SdkErrors.requireSuccess("GetLoadState", io.milvus.grpc.Status.getDefaultInstance()))
                .doesNotThrowAnyException();
    }

    @Test
    void indexNotFoundIsCode700OrLegacyIndexNotExist() {
        assertThat(SdkErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setCode(700).setErrorCodeValue(25).build()))
                .isTrue();
        assertThat(SdkErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setErrorCodeValue(25).build())).isTrue();
        assertThat(SdkErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setCode(100).setErrorCodeValue(4).build()))
                .isFalse();
        assertThat(SdkErrors.isIndexNotFound(io.milvus.grpc.Status.getDefaultInstance())).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "PERMISSION_DENIED, PERMISSION_DENIED",
            "UNAUTHENTICATED, UNAUTHENTICATED",
            "DEADLINE_EXCEEDED, UNAVAILABLE",
            "UNIMPLEMENTED, UNSUPPORTED"})
    void nonRetriedRpcErrorsCarryTheirCodeOnlyInTheMessage(String grpcCode, Failure expected) {
        // The SDK's shape: RPC_ERROR, no cause, "... reason: io.grpc.StatusRuntimeException: CODE: text".
        MilvusClientException e = new MilvusClientException(ErrorCode.RPC_ERROR,
                "Encounter rpc error that cannot be retried, reason: io.grpc.StatusRuntimeException: " + grpcCode + ": x");
        assertThat(SdkErrors.translate("DescribeAlias", e).failure()).isEqualTo(expected);
    }

    @Test
    void unavailableCauseIsTransient() {
        MilvusClientException e = new MilvusClientException(ErrorCode.RPC_ERROR,
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
        assertThat(SdkErrors.translate("DescribeAlias", e).failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.UNAVAILABLE.isTransient()).isTrue();
    }

    @Test
    void rawGrpcErrorFromTheConstructor() {
        RuntimeException e = Status.DEADLINE_EXCEEDED.asRuntimeException();
        assertThat(SdkErrors.translate("Connect", e).failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(SdkErrors.translate("Connect", Status.UNAUTHENTICATED.asRuntimeException()).failure())
                .isEqualTo(Failure.UNAUTHENTICATED);
    }

    @Test
    void anythingElseIsUnexpected() {
        assertThat(SdkErrors.translate("Connect", new IllegalStateException("boom")).failure())
                .isEqualTo(Failure.UNEXPECTED);
    }
}
