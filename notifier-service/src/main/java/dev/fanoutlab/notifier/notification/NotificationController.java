package dev.fanoutlab.notifier.notification;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notifications?orderId=…}: the emails sent about an order (empty until
 * notified).
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	private final Notifier notifier;

	NotificationController(Notifier notifier) {
		this.notifier = notifier;
	}

	@GetMapping
	List<Notification> list(@RequestParam UUID orderId) {
		return this.notifier.findByOrderId(orderId);
	}

}
