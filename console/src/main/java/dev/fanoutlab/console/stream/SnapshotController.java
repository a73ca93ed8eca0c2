package dev.fanoutlab.console.stream;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live view: a stream of snapshots, or one (see the README, "The console").
 */
@RestController
@RequestMapping("/api")
class SnapshotController {

	private final SnapshotStream stream;

	SnapshotController(SnapshotStream stream) {
		this.stream = stream;
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		return this.stream.subscribe();
	}

	@GetMapping("/snapshot")
	SnapshotStream.Snapshot snapshot() {
		return this.stream.snapshot();
	}

}
