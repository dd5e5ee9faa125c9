# syntax=docker/dockerfile:1
# milvus-alias-operator image: `docker build -t milvus-alias-operator:0.1.0 .` (BuildKit, the default builder).

# ---- build: the Quarkus fast-jar in target/quarkus-app/ ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# The cache mount keeps ~/.m2 between builds without putting it in an image layer.
# No AppCDS archive here: an archive only works with the JVM that wrote it, so the runtime stage writes its own.
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests -Dquarkus.package.jar.appcds.enabled=false

# ---- runtime ----
FROM eclipse-temurin:17-jre
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
# -XX:SharedArchiveFile: the AppCDS archive written below. The root filesystem is read-only: temp files go to /tmp.
ENV JAVA_OPTS="-XX:SharedArchiveFile=app-cds.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
# AppCDS: the classes Quarkus loads before it starts, archived by this image's own JVM with the same flags (minus
# the archive's), so that a start maps them instead of loading and verifying each.
RUN sh -c 'exec java ${JAVA_OPTS#-XX:SharedArchiveFile=app-cds.jsa } -Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit=app-cds.jsa -Dquarkus.appcds.generate=true -jar quarkus-run.jar'

USER 185:185
EXPOSE 8080

# exec: java becomes PID 1 and receives SIGTERM, so the operator shuts down cleanly. Run from /deployments: the
# archive records the class path as quarkus-run.jar.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar"]
