package dev.fanoutlab.system;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import dev.fanoutlab.testsupport.ZipkinServer;

/**
 * The whole system, started once per test JVM as {@code make demo} starts it: the local
 * AWS backend, an SMTP server, a trace backend (Zipkin), and the four services as
 * processes from their jars with the {@code local} profile. Stopped when the JVM exits.
 */
final class WholeSystem {

	static final LocalAws aws = LocalAws.get();

	static final GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

	/** The services report every span here (sampling 100 %, the local profile). */
	static ZipkinServer zipkin;

	static ServiceProcess producer;

	static ServiceProcess consumer;

	static ServiceProcess notifier;

	static ServiceProcess console;

	private static boolean started;

	private WholeSystem() {
	}

	static synchronized void start() {
		if (started) {
			return;
		}
		smtp.start();
		zipkin = ZipkinServer.startOnFreePort();
		Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString(), "ORDERS_TOPIC_ARN",
				aws.provisioned().topicArn(), "ORDERS_FIFO_TOPIC_ARN", aws.provisioned().fifoTopicArn(), "SMTP_PORT",
				Integer.toString(smtp.getSmtp().getPort()), ServiceProcess.ZIPKIN_ENDPOINT,
				zipkin.spansEndpoint().toString());
		producer = new ServiceProcess("producer-service", environment).start();
		consumer = new ServiceProcess("consumer-service", environment).start();
		notifier = new ServiceProcess("notifier-service", environment).start();
		Stream.of(producer, consumer, notifier).parallel().forEach(ServiceProcess::awaitHealthy);
		Map<String, String> consoleEnvironment = new HashMap<>(environment);
		consoleEnvironment.put("PRODUCER_URL", producer.uri("").toString());
		consoleEnvironment.put("CONSUMER_URL", consumer.uri("").toString());
		consoleEnvironment.put("NOTIFIER_URL", notifier.uri("").toString());
		consoleEnvironment.put("CONSOLE_ZIPKIN_URL", zipkin.endpoint().toString());
		console = new ServiceProcess("console", consoleEnvironment).start();
		console.awaitHealthy();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			Stream.of(console, producer, consumer, notifier).parallel().forEach(ServiceProcess::stop);
			smtp.stop();
			zipkin.stop();
		}));
		started = true;
	}

}
