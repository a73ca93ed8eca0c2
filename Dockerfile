# syntax=docker/dockerfile:1
# One Dockerfile for every Fanout Lab image; needs nothing but Docker on the host.
#   target 'service' with --build-arg SERVICE=<module>: a service, as a layered Spring Boot app
#   target 'provisioner': creates the topology on an AWS endpoint, then exits

FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY contracts/ contracts/
COPY topology/ topology/
COPY messaging-support/ messaging-support/
COPY test-support/ test-support/
COPY producer-service/ producer-service/
COPY consumer-service/ consumer-service/
COPY notifier-service/ notifier-service/
COPY console/ console/
COPY system-tests/ system-tests/
COPY deployment-tests/ deployment-tests/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true package \
      -pl topology,producer-service,consumer-service,notifier-service,console -am
ARG SERVICE=producer-service
RUN java -Djarmode=tools -jar "${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT.jar" \
      extract --layers --launcher --destination /extracted \
    && cp topology/target/topology-0.1.0-SNAPSHOT-cli.jar /provisioner.jar

FROM eclipse-temurin:17.0.15_6-jre-jammy AS runtime
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
