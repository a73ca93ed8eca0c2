# One Dockerfile for every Fanout Lab image; needs nothing but Docker on the host.
#   target 'service' with --build-arg SERVICE=<module>: a service, as a layered Spring Boot app
#   target 'provisioner': creates the topology on an AWS endpoint, then exits
# The base images are parameters. Where no registry can be reached, scripts/base-images.sh builds
# the project's own from Debian (fanout-lab/jdk:17, fanout-lab/jre:17) and docker/offline.env selects them.
# No syntax directive on the first line: the engine's built-in frontend runs this file offline.
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY contracts/ contracts/
COPY topology/ topology/
COPY service-defaults/ service-defaults/
COPY messaging-support/ messaging-support/
COPY test-support/ test-support/
COPY producer-service/ producer-service/
COPY consumer-service/ consumer-service/
COPY notifier-service/ notifier-service/
COPY console/ console/
# Only the poms of the test-only modules: the reactor needs them, the images do not, and a change
# to their tests then does not rebuild the images.
COPY system-tests/pom.xml system-tests/
COPY deployment-tests/pom.xml deployment-tests/
COPY bench/pom.xml bench/
# The optional build secret 'extra_ca_certs' (PEM) adds CA certificates for this build's downloads
# only, for networks that intercept TLS; nothing of it reaches the images (compose: EXTRA_CA_CERTS).
RUN --mount=type=cache,target=/root/.m2 --mount=type=secret,id=extra_ca_certs \
    set -e; \
    if [ -s /run/secrets/extra_ca_certs ]; then \
      cp "${JAVA_HOME}/lib/security/cacerts" /tmp/truststore; \
      awk '/BEGIN CERT/ {n++} {print > ("/tmp/extra-ca-" n ".pem")}' /run/secrets/extra_ca_certs; \
      for pem in /tmp/extra-ca-*.pem; do \
        keytool -importcert -noprompt -storepass changeit -keystore /tmp/truststore -alias "${pem}" -file "${pem}" >/dev/null; \
      done; \
      cat /etc/ssl/certs/ca-certificates.crt /run/secrets/extra_ca_certs > /tmp/ca-bundle.pem 2>/dev/null || true; \
      export JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=/tmp/truststore -Djavax.net.ssl.trustStorePassword=changeit" \
        SSL_CERT_FILE=/tmp/ca-bundle.pem CURL_CA_BUNDLE=/tmp/ca-bundle.pem; \
    fi; \
    ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true -Dcheckstyle.skip=true package \
      -pl topology,producer-service,consumer-service,notifier-service,console -am
ARG SERVICE=producer-service
RUN java -Djarmode=tools -jar "${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT.jar" \
      extract --layers --launcher --destination /extracted \
    && cp topology/target/topology-0.1.0-SNAPSHOT-cli.jar /provisioner.jar

FROM ${JRE_IMAGE} AS runtime
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
# Container-aware heap: a share of the container's memory limit, not of the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

FROM runtime AS provisioner
COPY --from=build /provisioner.jar /app/provisioner.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/app/provisioner.jar"]

FROM runtime AS service
# Layers from least to most often changed, so a code change rebuilds only the last one.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001
# exec form: java is PID 1 and gets SIGTERM, so Spring shuts down gracefully.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
