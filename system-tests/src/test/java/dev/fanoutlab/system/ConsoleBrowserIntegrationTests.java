package dev.fanoutlab.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (headless Chromium, Debian's packages, installed by
 * {@code make tools}), driving the whole system as a teacher would: place an order, pause
 * the consumer, send a poison message, redrive it.
 */
class ConsoleBrowserIntegrationTests {

	static ChromeDriver browser;

	@BeforeAll
	static void openTheConsole() throws Exception {
		WholeSystem.start();
		WholeSystem.aws.reset();
		ListenerReset.reset(WholeSystem.consumer);
		ListenerReset.reset(WholeSystem.notifier);
		File chromium = executable("CHROME_BIN", "/usr/bin/chromium");
		File driver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1600,1900");
		browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
		browser.get(WholeSystem.console.uri("/").toString());
		eventually("the console is live")
			.until(() -> browser.findElement(By.id("status")).getText().startsWith("live"));
	}

	@AfterAll
	static void closeTheBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void showsAnOrderReachBothSubscribersABacklogGrowAndDrainAndAPoisonMessageGoToTheDlqAndBack() throws Exception {
		placeOrders(1, true);
		eventually("the order reaches and is processed by both subscribers, and is pushed to the webhook")
			.untilAsserted(
					() -> assertThat(outcomesOfNewestEvent()).containsExactlyInAnyOrder("order-fulfilment: processed",
							"order-notifications: processed", "order-webhook: pushed to webhook"));
		// Its trace: the link opens the trace the order's traceparent names, in the
		// system's Zipkin.
		eventually("a link to the order's trace").untilAsserted(() -> assertThat(
				browser.findElement(By.cssSelector("#timeline tbody tr:first-child a.trace")).getDomAttribute("href"))
			.matches(WholeSystem.zipkin.endpoint() + "/zipkin/traces/[0-9a-f]{32}"));

		click(By.cssSelector("button[data-action=toggle][data-service=consumer-service]"));
		eventually("consumer paused").until(() -> serviceNode("consumer-service").getText().contains("paused"));
		placeOrders(3, false);
		// Nothing is processed while paused: the three wait in the queue. One may show as
		// in flight: a long poll already on its way when the listener stopped can still
		// receive it (SQS hides it for the visibility timeout), a fact of SQS consumers.
		eventually("the backlog grows").untilAsserted(() -> assertThat(waiting("order-fulfilment")).isEqualTo(3));

		click(By.cssSelector("button[data-action=toggle][data-service=consumer-service]"));
		// A message hidden by that late receive comes back after the visibility timeout
		// (60 s).
		eventually("the backlog drains").atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(waiting("order-fulfilment")).isZero());

		click(By.id("send-poison"));
		eventually("the poison message reaches the DLQ")
			.untilAsserted(() -> assertThat(visible("order-fulfilment-dlq")).isEqualTo(1));
		eventually("observed").untilAsserted(() -> assertThat(outcomesOfNewestEvent())
			.anySatisfy((outcome) -> assertThat(outcome).startsWith("order-fulfilment: dead-lettered")));

		// Redrive with the consumer paused, so the class sees the message back in its
		// queue.
		click(By.cssSelector("button[data-action=toggle][data-service=consumer-service]"));
		eventually("consumer paused").until(() -> serviceNode("consumer-service").getText().contains("paused"));
		click(By.cssSelector("button[data-action=redrive][data-queue=order-fulfilment-dlq]"));
		eventually("the message leaves the DLQ").untilAsserted(() -> {
			assertThat(visible("order-fulfilment-dlq")).isZero();
			assertThat(visible("order-fulfilment")).isEqualTo(1);
		});
		Path screenshot = Path.of("target", "console.png");
		Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
		click(By.cssSelector("button[data-action=toggle][data-service=consumer-service]"));
		eventually("consumer running").until(() -> serviceNode("consumer-service").getText().contains("running"));
		assertThat(screenshot).isNotEmptyFile();
	}

	/**
	 * DOM reads during a re-render can hit a replaced element: retry on any exception.
	 */
	private static ConditionFactory eventually(String what) {
		return await(what).atMost(Duration.ofSeconds(30)).ignoreExceptions();
	}

	private static void placeOrders(int count, boolean notify) {
		WebElement amount = browser.findElement(By.id("order-count"));
		amount.clear();
		amount.sendKeys(Integer.toString(count));
		WebElement checkbox = browser.findElement(By.id("order-notify"));
		if (checkbox.isSelected() != notify) {
			checkbox.click();
		}
		click(By.id("place-orders"));
		eventually("done")
			.until(() -> browser.findElement(By.id("action-result")).getText().startsWith("Placed " + count));
	}

	private static void click(By button) {
		eventually("clicked " + button).untilAsserted(() -> browser.findElement(button).click());
	}

	private static WebElement serviceNode(String name) {
		return browser.findElement(By.cssSelector(".service[data-service=" + name + "]"));
	}

	/** Messages not yet processed: visible plus in flight. */
	private static int waiting(String queue) {
		List<WebElement> counts = browser.findElements(By.cssSelector("[data-testid=queue-" + queue + "] .count"));
		return Integer.parseInt(counts.get(0).getText().trim()) + Integer.parseInt(counts.get(1).getText().trim());
	}

	private static int visible(String queue) {
		return Integer
			.parseInt(browser.findElement(By.cssSelector("[data-testid=queue-" + queue + "] .count")).getText().trim());
	}

	private static List<String> outcomesOfNewestEvent() {
		List<WebElement> rows = browser.findElements(By.cssSelector("#timeline tbody tr"));
		if (rows.isEmpty()) {
			return List.of();
		}
		return rows.get(0).findElements(By.cssSelector(".outcome")).stream().map(WebElement::getText).toList();
	}

	private static File executable(String variable, String fallback) {
		String configured = System.getenv(variable);
		File file = new File((configured != null && !configured.isBlank()) ? configured : fallback);
		assertThat(file).as(file + " (install Debian's chromium and chromium-driver: make tools)").canRead();
		return file;
	}

}
