# syntax=docker/dockerfile:1
# Two images from one build:
#   docker build --target agent      -t REGISTRY/cni-metrics/agent:0.1.0 .
#   docker build --target aggregator -t REGISTRY/cni-metrics/aggregator:0.1.0 .
# Stages: Maven build -> jlinked runtime per component (scripts/runtime.sh, the same script CI runs
# in scripts/checks/install-runtime.sh) -> distroless base with glibc and no shell.
# Base images are pinned by version tag; pin them by digest in your registry mirror as well.

ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG BASE_IMAGE=gcr.io/distroless/cc-debian12:nonroot

# ---- build: the two shaded jars -------------------------------------------------------------
FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# Dependencies first, so a source change does not refetch them.
COPY pom.xml ./
COPY cri/pom.xml cri/
COPY testkit/pom.xml testkit/
COPY netns/pom.xml netns/
COPY config/pom.xml config/
COPY httpserver/pom.xml httpserver/
COPY httpclient/pom.xml httpclient/
COPY report/pom.xml report/
COPY agent/pom.xml agent/
COPY aggregator/pom.xml aggregator/
RUN mvn -B -q -ntp -pl agent,aggregator -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -ntp -pl agent,aggregator -am -DskipTests package

# ---- runtimes: jdeps-derived modules, jlink, one trained CDS archive, JVM flags -------------
# Each component is built at the path it runs from (/opt/cni-metrics): the CDS archive
# records the jar's path. Temurin's jlink output carries its own zlib, which distroless/cc lacks.
FROM ${MAVEN_IMAGE} AS runtime-agent
COPY scripts/runtime.sh /usr/local/bin/runtime.sh
# The agent's CDS training run serves itself a loopback CRI runtime and ipamd (no container
# runtime in a build): runtime.sh finds the driver next to itself.
COPY scripts/runtime-training/ /usr/local/bin/runtime-training/
COPY --from=build /src/agent/target/cni-metrics-agent.jar /tmp/app.jar
RUN runtime.sh build agent /tmp/app.jar /opt/cni-metrics

FROM ${MAVEN_IMAGE} AS runtime-aggregator
COPY scripts/runtime.sh /usr/local/bin/runtime.sh
COPY --from=build /src/aggregator/target/cni-metrics-aggregator.jar /tmp/app.jar
RUN runtime.sh build aggregator /tmp/app.jar /opt/cni-metrics

# ---- agent ----------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS agent
COPY --from=runtime-agent /opt/cni-metrics /opt/cni-metrics
# uid 0 without capabilities (install/kubernetes drops ALL): the CRI socket is root:root 0660.
USER 0:0
EXPOSE 61682
# Exec form, no shell: the java launcher expands the @argfile (scripts/runtime.sh jvm-args).
ENTRYPOINT ["/opt/cni-metrics/java/bin/java", "@/opt/cni-metrics/jvm.args", "-jar", "/opt/cni-metrics/app.jar"]

# ---- aggregator -----------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS aggregator
COPY --from=runtime-aggregator /opt/cni-metrics /opt/cni-metrics
# distroless's nonroot user.
USER 65532:65532
EXPOSE 61681
ENTRYPOINT ["/opt/cni-metrics/java/bin/java", "@/opt/cni-metrics/jvm.args", "-jar", "/opt/cni-metrics/app.jar"]
