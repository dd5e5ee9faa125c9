# syntax=docker/dockerfile:1
# milvus-alias-operator image: `docker build -t milvus-alias-operator:0.1.0 .` (BuildKit, the default builder).

# ---- build: the Quarkus aot-jar in target/quarkus-app/ ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# The cache mount keeps ~/.m2 between builds without putting it in an image layer. Compiled for Java 17 (the
# build's JDK), run on the runtime stage's Java 25: its AOT cache starts the operator faster than Java 17's AppCDS.
# The test classes and their libraries stay in this stage and the training stage: the AOT cache's training run below
# needs them (the embedded API server and the Milvus emulator); the image gets neither.
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests \
      dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=target/training-lib

# ---- runtime: the image, but for its AOT cache ----
FROM eclipse-temurin:25-jre AS runtime
LABEL org.opencontainers.image.title="milvus-alias-operator" \
      org.opencontainers.image.description="Kubernetes operator that manages Milvus collection aliases as code"

# UID/GID 185, as in the Quarkus/UBI OpenJDK images; the manifests run the pod as 185 with runAsNonRoot.
RUN groupadd --system --gid 185 operator \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin operator

# Layers from least to most often changed. Files stay owned by root: the operator only reads them.
WORKDIR /deployments
COPY --from=build /build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /build/target/quarkus-app/quarkus-run.jar /deployments/quarkus-run.jar
COPY --from=build /build/target/quarkus-app/app/ /deployments/app/
COPY --from=build /build/target/quarkus-app/quarkus/ /deployments/quarkus/

# JVM flags sized from `make bench` (README "Performance"): see the Deployment's memory limit next to them.
# -XX:AOTCache: the AOT cache written below. The root filesystem is read-only: temp files go to /tmp.
ENV JAVA_OPTS="-XX:AOTCache=app.aot -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -XX:+UseSerialGC -XX:NewRatio=5 -XX:MaxRAMPercentage=50 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000 -Dio.netty.allocator.maxOrder=5 --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=/tmp -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

# ---- AOT cache (JEP 483), trained on this very image: the same JVM, files and flags ----
# AotTraining runs the operator (JAVA_OPTS minus the cache, with -XX:AOTCacheOutput and, as -XX:MaxRAM, the
# Deployment's memory limit: a build machine's memory could size a heap too big for compressed pointers, and a cache
# trained without them would not be used) against an embedded API server and a Milvus emulator on 127.0.0.1: it
# starts, creates, switches and drops 50 aliases, and stops. The cache then holds every class that work loads,
# parsed and linked, and no method profiles (-XX:-AOTRecordTraining: they feed C2, which TieredStopAtLevel=1 never
# runs). `make bench` trains its cache with the same class.
FROM runtime AS aot-training
WORKDIR /training
COPY --from=build /build/target/classes/ /training/classes/
COPY --from=build /build/target/test-classes/ /training/test-classes/
COPY --from=build /build/target/training-lib/ /training/lib/
COPY Dockerfile ./
COPY deploy/base/deployment.yaml deploy/base/
COPY crds/ crds/
RUN java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -cp "/training/test-classes:/training/classes:/training/lib/*" dev.milvusalias.bench.AotTraining /deployments/quarkus-run.jar

# ---- the image ----
FROM runtime
COPY --from=aot-training /deployments/app.aot /deployments/app.aot
USER 185:185
EXPOSE 8080

# exec: java becomes PID 1 and receives SIGTERM, so the operator shuts down cleanly. Run from /deployments: the
# cache records the class path as quarkus-run.jar.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar"]
