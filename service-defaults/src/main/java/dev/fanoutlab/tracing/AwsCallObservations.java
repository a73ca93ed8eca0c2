package dev.fanoutlab.tracing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * An AWS SDK v2 interceptor that observes every call of a client (one Micrometer
 * observation, so one span, per call: {@code dynamodb putitem}, {@code s3 getobject},
 * {@code sns publish}), as a child of the current observation. A call made outside any
 * observation (startup checks, health indicators, the listeners' own polling) is not
 * observed: it would start a trace of its own that nobody asked for.
 * <p>
 * An SNS {@code Publish} is a producer span whose trace context (W3C {@code traceparent},
 * and {@code tracestate} when there is one) is added to the message as String message
 * attributes, which SNS delivers as SQS message attributes (raw delivery) or inside the
 * envelope's {@code MessageAttributes}: the readers continue the trace from them. This is
 * the one place trace context is put on a message, so every publish through an SDK client
 * gets it, claim-checked ones (AWS's SNS extended client publishes through the client it
 * wraps) included. SNS takes at most {@value #MAX_MESSAGE_ATTRIBUTES} message attributes
 * per message: a request that would go over it is published without trace context rather
 * than refused, and an attribute the caller set is never replaced.
 */
class AwsCallObservations implements ExecutionInterceptor {

	/** The observation's name (its metrics: {@code aws.sdk.call}). */
	static final String NAME = "aws.sdk.call";

	/** SNS's limit of message attributes per message. */
	static final int MAX_MESSAGE_ATTRIBUTES = 10;

	private static final ExecutionAttribute<Observation> OBSERVATION = new ExecutionAttribute<>(
			"fanout-lab.observation");

	private static final ExecutionAttribute<Map<String, String>> TRACE_CONTEXT = new ExecutionAttribute<>(
			"fanout-lab.trace-context");

	private final ObservationRegistry registry;

	/**
	 * An interceptor.
	 * @param registry where the observations go; a no-op registry observes nothing
	 */
	AwsCallObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		if (this.registry.isNoop() || this.registry.getCurrentObservation() == null) {
			return;
		}
		String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		boolean publish = context.request() instanceof PublishRequest;
		Map<String, String> carrier = new HashMap<>();
		SenderContext<Map<String, String>> sender = new SenderContext<>((map, key, value) -> map.put(key, value),
				publish ? Kind.PRODUCER : Kind.CLIENT);
		sender.setCarrier(carrier);
		sender.setRemoteServiceName(service.toLowerCase(Locale.ROOT));
		Observation observation = Observation.createNotStarted(NAME, () -> sender, this.registry)
			.contextualName(service.toLowerCase(Locale.ROOT) + " " + operation.toLowerCase(Locale.ROOT))
			.lowCardinalityKeyValues(KeyValues.of("aws.service", service, "aws.operation", operation))
			.start();
		attributes.putAttribute(OBSERVATION, observation);
		attributes.putAttribute(TRACE_CONTEXT, carrier);
	}

	@Override
	public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
		Map<String, String> traceContext = attributes.getAttribute(TRACE_CONTEXT);
		if (context.request() instanceof PublishRequest publish && traceContext != null) {
			return withTraceContext(publish, traceContext);
		}
		return context.request();
	}

	/**
	 * The publish request with the trace context as String message attributes, unless
	 * SNS's attribute limit leaves no room for them or the request has them already.
	 * @param publish the request
	 * @param traceContext the propagation fields ({@code traceparent}...)
	 * @return the request to send
	 */
	static PublishRequest withTraceContext(PublishRequest publish, Map<String, String> traceContext) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(publish.messageAttributes());
		int added = 0;
		for (Map.Entry<String, String> field : traceContext.entrySet()) {
			if (!attributes.containsKey(field.getKey())) {
				added++;
			}
		}
		if (added == 0 || attributes.size() + added > MAX_MESSAGE_ATTRIBUTES) {
			return publish;
		}
		traceContext.forEach((key, value) -> attributes.putIfAbsent(key,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		return publish.toBuilder().messageAttributes(attributes).build();
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		Observation observation = attributes.getAttribute(OBSERVATION);
		if (observation != null) {
			observation.stop();
		}
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
		Observation observation = attributes.getAttribute(OBSERVATION);
		if (observation != null) {
			observation.error(context.exception());
			observation.stop();
		}
	}

}
