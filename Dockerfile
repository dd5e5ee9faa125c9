# syntax=docker/dockerfile:1
# milvus-alias-operator image: `docker build -t milvus-alias-operator:0.1.0 .` (BuildKit, the default builder).

# ---- build: the Quarkus fast-jar in target/quarkus-app/ ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# The cache mount keeps ~/.m2 between builds without putting it in an image layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests

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

USER 185:185
EXPOSE 8080

# Heap follows the container memory limit; temp files go to /tmp (an emptyDir: the root filesystem is read-only).
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
# exec: java becomes PID 1 and receives SIGTERM, so the operator shuts down cleanly.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
