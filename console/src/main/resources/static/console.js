// Fanout Lab console: renders the snapshots the server pushes (server-sent events) and calls the
// console's HTTP API for every action. No build step, no framework.
'use strict';

const $ = (selector) => document.querySelector(selector);
let latest = null;

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// The access token, when the console has one (CONSOLE_ACCESS_TOKEN): taken once from ?token=...
// (then removed from the address bar) or asked for on the first 401, kept in this browser.
const TOKEN_KEY = 'fanout-lab-console-token';
(function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
})();

// Every change is a JSON request ({} when there is nothing to say): the console refuses anything
// else (415), so that no other web page can drive it with a form.
async function call(method, path, body, retried) {
  const headers = {};
  const change = method !== 'GET';
  if (change) {
    headers['Content-Type'] = 'application/json';
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
  }
  const response = await fetch(path, {
    method,
    headers,
    body: change ? JSON.stringify(body || {}) : undefined,
  });
  if (response.status === 401 && change && !retried) {
    const token = window.prompt('This console has an access token. Token:');
    if (token) {
      localStorage.setItem(TOKEN_KEY, token.trim());
      return call(method, path, body, true);
    }
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((data && (data.detail || data.title)) || response.statusText);
  }
  return data;
}

function say(message) {
  $('#action-result').textContent = message;
}

function depthOf(snapshot, queue) {
  return snapshot.queues.find((q) => q.queue === queue) || { visible: 0, inFlight: 0, delayed: 0 };
}

function serviceOf(snapshot, name) {
  return snapshot.services.find((s) => s.name === name);
}

function count(value, label) {
  return `<div><span class="count ${value ? '' : 'zero'}">${value}</span> <span class="label">${label}</span></div>`;
}

// One lane: a topic's subscriptions, each drawn as subscription → queue → DLQ → reader.
function renderLanes(snapshot, subscriptions) {
  return subscriptions.map((subscription) => {
    const depth = depthOf(snapshot, subscription.queue);
    const dlq = subscription.deadLetterQueue ? depthOf(snapshot, subscription.deadLetterQueue) : null;
    const reader = subscription.reader ? serviceOf(snapshot, subscription.reader) : null;
    const readerHtml = reader
      ? `<div class="node service" data-service="${escapeHtml(reader.name)}">
           <strong>${escapeHtml(reader.name)}</strong> <span class="label">${escapeHtml(reader.health)}</span>
           <div>listener: <span class="${reader.listenerRunning === false || reader.listenerStopping ? 'state-paused' : 'state-running'}">${reader.listenerRunning === false ? 'paused' : reader.listenerStopping ? 'pausing (in-flight messages finishing)' : 'running'}</span>
             ${reader.processingDelay && reader.processingDelay !== 'PT0S' ? `<span class="label">delay ${escapeHtml(reader.processingDelay)}</span>` : ''}</div>
           <div class="label">${Object.entries(reader.counts).map(([k, v]) => `${escapeHtml(k)} ${Math.round(v)}`).join(' · ') || 'nothing processed yet'}</div>
           <button type="button" data-action="toggle" data-service="${escapeHtml(reader.name)}" data-running="${reader.listenerRunning !== false}">${reader.listenerRunning === false ? 'Resume' : 'Pause'}</button>
           <button type="button" data-action="slow" data-service="${escapeHtml(reader.name)}">${reader.processingDelay && reader.processingDelay !== 'PT0S' ? 'Speed up' : 'Slow down (2 s)'}</button>
         </div>`
      : `<div class="node service"><strong>${escapeHtml(subscription.reader || 'no reader')}</strong></div>`;
    return `<div class="lane" data-queue="${escapeHtml(subscription.queue)}" data-lane="${escapeHtml(subscription.lane)}">
      <div class="node subscription"><div class="label">subscription</div>
        ${subscription.rawMessageDelivery ? 'raw delivery' : 'SNS envelope'}<br>
        <code>${escapeHtml(subscription.filterPolicy || 'no filter')}</code></div>
      <div class="arrow" aria-hidden="true">→</div>
      <div class="node queue" data-testid="queue-${escapeHtml(subscription.queue)}"><strong>${nameHtml(subscription.queue)}</strong>
        ${count(depth.visible, 'visible')}${count(depth.inFlight, 'in flight')}${count(depth.delayed, 'delayed')}</div>
      <div class="arrow" aria-hidden="true">${subscription.maxReceiveCount ? `⤵<span class="label">×${subscription.maxReceiveCount}</span>` : ''}</div>
      ${dlq ? `<div class="node dlq ${dlq.visible ? 'nonempty' : ''}" data-testid="queue-${escapeHtml(subscription.deadLetterQueue)}"><strong>${nameHtml(subscription.deadLetterQueue)}</strong>
        ${count(dlq.visible, 'messages')}
        <button type="button" data-action="peek" data-queue="${escapeHtml(subscription.deadLetterQueue)}">Peek</button>
        <button type="button" data-action="redrive" data-queue="${escapeHtml(subscription.deadLetterQueue)}">Redrive</button>
        <button type="button" class="danger" data-action="purge" data-queue="${escapeHtml(subscription.deadLetterQueue)}">Purge</button></div>` : '<div></div>'}
      <div class="arrow" aria-hidden="true">→</div>
      ${readerHtml}
    </div>`;
  }).join('');
}

// The standard lane (topic orders), and under it the FIFO lane (topic orders.fifo), in the same style.
function renderDiagram(snapshot) {
  const topology = snapshot.topology;
  const producer = serviceOf(snapshot, 'producer-service');
  const published = producer ? Math.round(producer.counts.success || 0) : 0;
  const standard = topology.subscriptions.filter((s) => s.lane !== 'fifo');
  const fifo = topology.subscriptions.filter((s) => s.lane === 'fifo');
  $('#diagram').innerHTML = `
    <div class="node producer"><strong>producer-service</strong><div class="label">published ${published}</div></div>
    <div class="node topic" data-lane="standard"><div class="label">SNS topic</div><strong>${escapeHtml(topology.topic)}</strong></div>
    <div class="lanes">${renderLanes(snapshot, standard)}</div>
    <div class="node topic fifo" data-lane="fifo"><div class="label">SNS FIFO topic</div><strong>${nameHtml(topology.fifoTopic)}</strong>
      <div class="label">in order per group · dedup 5 min</div></div>
    <div class="lanes">${fifo.length ? renderLanes(snapshot, fifo) : '<p class="label">No queue subscribed to the FIFO topic.</p>'}</div>`;
}

// A message group id, shortened: the producer sets "customer-" and a SHA-256 of the address.
function shortGroup(group) {
  const hash = group.startsWith('customer-') ? group.substring('customer-'.length) : group;
  return hash.length > 8 ? `${hash.substring(0, 8)}…` : hash;
}

// A queue or topic name, allowed to wrap before ".fifo" in a narrow node.
function nameHtml(name) {
  return escapeHtml(name).replace(/\.fifo$/, '<wbr>.fifo');
}

function kib(bytes) {
  return bytes >= 0 ? `${Math.round(bytes / 1024)} KiB` : 'unknown size';
}

// "claim check: N KiB in s3://bucket/key", for an event over 256 KiB that came as a pointer.
function claimCheckHtml(claimCheck) {
  if (!claimCheck) {
    return '';
  }
  return `<div class="claim-check" data-testid="claim-check">claim check: ${escapeHtml(kib(claimCheck.size))} in <code>s3://${escapeHtml(claimCheck.bucket)}/${escapeHtml(claimCheck.key)}</code>
    ${claimCheck.problem ? `<span class="outcome dead-lettered">payload not fetched: ${escapeHtml(claimCheck.problem)}</span>` : ''}</div>`;
}

function orderHtml(order) {
  if (!order) {
    return '';
  }
  return `<div class="label">${escapeHtml(order.customerEmail)} · ${order.lines} line${order.lines === 1 ? '' : 's'} · ${escapeHtml(order.total)} ${escapeHtml(order.currency)}</div>`;
}

// The FIFO lane's message groups with events not yet processed: a group whose head keeps failing
// holds back everything behind it, while the other groups flow.
function renderGroups(snapshot) {
  const groups = snapshot.groupsInFlight || [];
  $('#groups tbody').innerHTML = groups.length
    ? groups.map((g) => `
      <tr data-group="${escapeHtml(g.messageGroupId)}">
        <td><span class="badge group" title="${escapeHtml(g.messageGroupId)}">group ${escapeHtml(shortGroup(g.messageGroupId))}</span></td>
        <td><span class="count">${g.pending}</span> <span class="label">pending</span></td>
        <td><code>${escapeHtml(g.headOrderId.substring(0, 8))}</code> <span class="label">first in line</span></td>
      </tr>`).join('')
    : '<tr><td colspan="3" class="label">No FIFO group waits: every FIFO event was processed (or dead-lettered).</td></tr>';
}

// The order webhook: its subscription, the outage switch, and what SNS pushed (one row per SNS
// MessageId: a redelivery adds a POST, never a second handling).
function renderWebhook(snapshot) {
  const webhook = snapshot.webhook;
  if (!webhook || !webhook.subscription) {
    $('#webhook-state').innerHTML = '<p class="label">No push subscription (fanout-lab.console.webhook.endpoint is empty).</p>';
    $('#webhook-deliveries tbody').innerHTML = '';
    return;
  }
  const s = webhook.subscription;
  $('#webhook-state').innerHTML = `
    <div class="webhook-state">
      <div><span class="label">endpoint</span> <code>${escapeHtml(s.endpoint)}</code></div>
      <div><span class="label">subscription</span> ${s.pendingConfirmation ? '<span class="state-paused">pending confirmation</span>' : '<span class="state-running">confirmed</span>'}
        · <span class="label">signatures</span> ${webhook.signaturesVerified ? 'verified' : 'not verified (emulator)'}</div>
      <div>${count(webhook.pushed, 'pushed')}${count(webhook.duplicates, 'duplicates ignored')}${count(webhook.refusals, 'refused')}</div>
      <div class="node dlq ${webhook.deadLetters ? 'nonempty' : ''}" data-testid="queue-${escapeHtml(s.deadLetterQueue)}"><strong>${escapeHtml(s.deadLetterQueue)}</strong>
        ${count(webhook.deadLetters ?? '?', 'messages')}<div class="label">subscription DLQ (moto never fills it)</div></div>
      <div>webhook: <span class="${webhook.available ? 'state-running' : 'state-paused'}">${webhook.available ? 'up' : 'down (answers 503)'}</span>
        <button type="button" data-action="webhook" data-available="${webhook.available}">${webhook.available ? 'Take it down' : 'Bring it back'}</button></div>
    </div>`;
  $('#webhook-deliveries tbody').innerHTML = webhook.deliveries.map((d) => `
    <tr data-message="${escapeHtml(d.messageId)}" data-event="${escapeHtml(d.eventId)}">
      <td>${escapeHtml(new Date(d.firstAttemptAt).toLocaleTimeString())}</td>
      <td><code>${escapeHtml(d.orderId.substring(0, 8))}</code>${claimCheckHtml(d.claimCheck)}</td>
      <td><code>${escapeHtml(d.messageId.substring(0, 8))}</code></td>
      <td>${d.attempts}</td>
      <td><span class="outcome ${d.handled ? 'processed' : 'dead-lettered'}">${d.handled ? (d.attempts > 1 ? 'pushed, handled once' : 'pushed') : 'refused (webhook down)'}</span></td>
    </tr>`).join('');
}

function pushedTo(snapshot, eventId) {
  const deliveries = (snapshot.webhook && snapshot.webhook.deliveries) || [];
  return deliveries.find((d) => d.eventId === eventId);
}

// The event's trace in Zipkin, or why there is none: a message published without a
// traceparent (the raw AWS CLI, boto3) starts a new trace at each reader.
function traceHtml(snapshot, entry) {
  if (!entry.traceId) {
    return '<span class="label no-trace">no trace context (published without traceparent)</span>';
  }
  const url = `${snapshot.zipkin}/zipkin/traces/${encodeURIComponent(entry.traceId)}`;
  return `<a class="trace" href="${escapeHtml(url)}" target="_blank" rel="noopener" title="trace ${escapeHtml(entry.traceId)} in Zipkin">trace</a>`;
}

function renderTimeline(snapshot) {
  $('#timeline tbody').innerHTML = snapshot.timeline.map((entry) => `
    <tr data-event="${escapeHtml(entry.eventId)}" data-order="${escapeHtml(entry.orderId)}" data-lane="${escapeHtml(entry.lane)}">
      <td>${escapeHtml(new Date(entry.publishedAt).toLocaleTimeString())}</td>
      <td><span class="badge lane-${escapeHtml(entry.lane)}">${entry.lane === 'fifo' ? 'FIFO' : 'standard'}</span>
        ${entry.messageGroupId ? `<span class="badge group" title="${escapeHtml(entry.messageGroupId)}">group ${escapeHtml(shortGroup(entry.messageGroupId))}</span>` : ''}
        ${entry.sequenceNumber ? `<span class="label" title="sequence number ${escapeHtml(entry.sequenceNumber)}">#…${escapeHtml(entry.sequenceNumber.slice(-4))}</span>` : ''}<br>
        <code>${escapeHtml(entry.orderId.substring(0, 8))}</code>${orderHtml(entry.order)}${claimCheckHtml(entry.claimCheck)}</td>
      <td><code>${Object.entries(entry.attributes).filter(([k]) => !['correlationId', 'traceparent', 'tracestate'].includes(k)).map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`).join(' ')}</code><br>${traceHtml(snapshot, entry)}</td>
      <td>${entry.receivers.map((queue) => {
        const outcome = entry.outcomes[queue] || 'pending';
        const receives = entry.receiveCounts[queue];
        return `<span class="outcome ${escapeHtml(outcome.split(' ')[0])}" data-queue="${escapeHtml(queue)}">${escapeHtml(queue)}: ${escapeHtml(outcome)}${receives ? ` (${receives} receives)` : ''}</span>`;
      }).join('')}${(() => {
        const pushed = pushedTo(snapshot, entry.eventId);
        return pushed ? `<span class="outcome ${pushed.handled ? 'processed' : 'dead-lettered'}" data-queue="order-webhook">order-webhook: ${pushed.handled ? 'pushed to webhook' : 'refused (webhook down)'}</span>` : '';
      })()}</td>
    </tr>`).join('');
}

function render(snapshot) {
  latest = snapshot;
  renderDiagram(snapshot);
  renderGroups(snapshot);
  renderWebhook(snapshot);
  renderTimeline(snapshot);
  $('#status').textContent = `live · ${new Date(snapshot.at).toLocaleTimeString()}`;
}

function connect() {
  const events = new EventSource('/api/stream');
  events.addEventListener('snapshot', (event) => render(JSON.parse(event.data)));
  events.onerror = () => { $('#status').textContent = 'reconnecting…'; };
}

$('#place-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const count = Number($('#order-count').value) || 1;
  try {
    const placed = await call('POST', '/api/orders', { count, notifyCustomer: $('#order-notify').checked });
    say(`Placed ${placed.length} order(s).`);
  } catch (error) { say(`Could not place orders: ${error.message}`); }
});

$('#send-poison').addEventListener('click', async () => {
  try {
    const placed = await call('POST', '/api/poison');
    say(`Poison order ${placed.orderId.substring(0, 8)} placed: an unknown SKU, it will fail and reach the DLQ.`);
  } catch (error) { say(`Could not send: ${error.message}`); }
});

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) {
    return;
  }
  const { action, service, queue } = button.dataset;
  try {
    if (action === 'toggle') {
      const running = button.dataset.running !== 'true';
      const listeners = await call('POST', `/api/services/${service}/listener`, { running });
      const stopping = Array.isArray(listeners) && listeners.some((listener) => listener.stopping);
      say(`${service} listener ${running ? 'resumed' : stopping ? 'pausing: in-flight messages are finishing' : 'paused'}.`);
    } else if (action === 'slow') {
      const reader = serviceOf(latest, service);
      const slow = !(reader.processingDelay && reader.processingDelay !== 'PT0S');
      await call('POST', `/api/services/${service}/listener`, { processingDelay: slow ? 'PT2S' : 'PT0S' });
      say(`${service} ${slow ? 'now waits 2 s per message' : 'runs at full speed'}.`);
    } else if (action === 'peek') {
      const messages = await call('GET', `/api/queues/${queue}/messages`);
      $('#dlq-messages').innerHTML = `<h3>${escapeHtml(queue)}: ${messages.length} message(s)</h3>` + messages.map((m) =>
        `<div class="messages"><div class="label">received ${m.receiveCount} times · ${escapeHtml(Object.entries(m.attributes).map(([k, v]) => `${k}=${v}`).join(' '))}</div><pre>${escapeHtml(m.body)}</pre></div>`).join('');
    } else if (action === 'redrive') {
      const result = await call('POST', `/api/queues/${queue}/redrive`);
      say(`Redrive of ${queue} to ${result.to} with ${result.method}${result.moved >= 0 ? `: ${result.moved} moved` : ''}.`);
    } else if (action === 'webhook') {
      const available = button.dataset.available !== 'true';
      await call('POST', '/api/webhook', { available });
      say(`Order webhook ${available ? 'back up' : 'down: it answers 503 (on AWS SNS retries, then the subscription DLQ keeps it; moto does not)'}.`);
    } else if (action === 'purge') {
      if (window.confirm(`Delete every message of ${queue}? This cannot be undone.`)) {
        await call('DELETE', `/api/queues/${queue}/messages?confirm=${encodeURIComponent(queue)}`);
        say(`${queue} purged.`);
      }
    }
  } catch (error) { say(`${action} failed: ${error.message}`); }
});

connect();
