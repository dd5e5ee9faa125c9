package dev.milvusalias.milvus.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusException;
import io.grpc.Status;

/** How Milvus' answers and gRPC errors become failures. */
class GrpcErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "100, 4, COLLECTION_NOT_FOUND",
            "800, 1, DATABASE_NOT_FOUND",
            "1100, 5, INVALID_ARGUMENT",
            "1600, 1, ALIAS_NOT_FOUND",
            "1601, 1, NAME_TAKEN_BY_COLLECTION",
            "1602, 1, ALIAS_POINTS_ELSEWHERE",
            "0, 4, COLLECTION_NOT_FOUND",
            "0, 5, INVALID_ARGUMENT",
            "0, 1, UNEXPECTED",
            "65535, 1, UNEXPECTED"})
    void aStatusThatFailedIsClassifiedByItsCodeOrElseItsLegacyCode(int code, int legacy, Failure expected) {
        io.milvus.grpc.Status status = io.milvus.grpc.Status.newBuilder().setCode(code).setErrorCodeValue(legacy)
                .setReason("the reason").build();
        assertThatThrownBy(() -> GrpcErrors.requireSuccess("GetLoadState", status))
                .isInstanceOfSatisfying(MilvusException.class, e -> {
                    assertThat(e.failure()).isEqualTo(expected);
                    assertThat(e.getMessage()).isEqualTo("GetLoadState: the reason");
                });
    }

    @Test
    void onlyTheAllDefaultStatusIsSuccess() {
        assertThatCode(() -> GrpcErrors.requireSuccess("GetLoadState", io.milvus.grpc.Status.getDefaultInstance()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GrpcErrors.requireSuccess("GetLoadState",
                io.milvus.grpc.Status.newBuilder().setErrorCodeValue(1).build())).isInstanceOf(MilvusException.class);
    }

    @Test
    void indexNotFoundIsCode700OrLegacyIndexNotExist() {
        assertThat(GrpcErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setCode(700).setErrorCodeValue(25).build()))
                .isTrue();
        assertThat(GrpcErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setErrorCodeValue(25).build())).isTrue();
        assertThat(GrpcErrors.isIndexNotFound(io.milvus.grpc.Status.newBuilder().setCode(100).setErrorCodeValue(4).build()))
                .isFalse();
        assertThat(GrpcErrors.isIndexNotFound(io.milvus.grpc.Status.getDefaultInstance())).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "PERMISSION_DENIED, PERMISSION_DENIED",
            "UNAUTHENTICATED, UNAUTHENTICATED",
            "UNAVAILABLE, UNAVAILABLE",
            "DEADLINE_EXCEEDED, UNAVAILABLE",
            "CANCELLED, UNAVAILABLE",
            "UNIMPLEMENTED, UNSUPPORTED",
            "INTERNAL, UNEXPECTED"})
    void grpcErrorsAreClassifiedByTheirCode(Status.Code code, Failure expected) {
        MilvusException e = GrpcErrors.translate("DescribeAlias", code.toStatus().withDescription("text").asRuntimeException());
        assertThat(e.failure()).isEqualTo(expected);
        assertThat(e.getMessage()).isEqualTo("DescribeAlias: " + code + " text");
    }

    @Test
    void aDeadlinesChannelStateAndStackTraceStayOutOfTheMessage() {
        String description = "CallOptions deadline exceeded after 1.999994893s. Name resolution delay 0.000000000 seconds."
                + " [closed=[], open=[[wait_for_ready, Last Pick Failure=Status{code=UNAVAILABLE, description=io exception,"
                + " cause=io.netty.channel.ConnectTimeoutException\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)"
                + "\n}, connecting_and_lb_delay=2000116282ns, was_still_waiting]]]";
        MilvusException e = GrpcErrors.translate("DescribeAlias",
                Status.DEADLINE_EXCEEDED.withDescription(description).asRuntimeException());
        assertThat(e.getMessage()).isEqualTo("DescribeAlias: DEADLINE_EXCEEDED CallOptions deadline exceeded after 1.999994893s");
        assertThat(GrpcErrors.summary("x".repeat(300))).hasSize(203).endsWith("...");
        assertThat(GrpcErrors.summary("io exception")).isEqualTo("io exception");
    }

    @Test
    void aWrappedGrpcErrorIsFoundInTheCauses() {
        RuntimeException e = new IllegalStateException("wrapper", Status.UNAVAILABLE.withDescription("io exception")
                .asRuntimeException());
        assertThat(GrpcErrors.translate("Connect", e).failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.UNAVAILABLE.isTransient()).isTrue();
    }

    @Test
    void aClassifiedFailurePassesThroughAndAnythingElseIsUnexpected() {
        MilvusException already = new MilvusException(Failure.INVALID_ARGUMENT, "bad CA");
        assertThat(GrpcErrors.translate("Connect", already)).isSameAs(already);
        assertThat(GrpcErrors.translate("Connect", new IllegalStateException("boom")).failure())
                .isEqualTo(Failure.UNEXPECTED);
    }
}
