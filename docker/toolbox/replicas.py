#!/usr/bin/env python3
"""Replicas of a service of the classroom stack, from inside the toolbox.

    replicas.py scale SERVICE N     N running replicas of SERVICE (waits until they are healthy)
    replicas.py count SERVICE       how many replicas of SERVICE run

Talks to the Docker Engine API on /var/run/docker.sock (the toolbox mounts the host's socket,
DOCKER_SOCKET in docker-compose.yml). Why not 'docker compose up --scale': every service of the
stack publishes one fixed host port (the same URLs as 'make demo', stable across restarts, and
no 0.0.0.0 that Windows cannot connect to), and a second replica cannot take the same port. An
extra replica made here is the first replica's container configuration without the host port,
on the same network with the service's name as its DNS alias, labelled as Compose labels its
replicas: so the console, Prometheus (DNS discovery) and the lab helpers find it, and
'docker compose ps', 'logs', 'up' and 'down' treat it as one of the service's replicas.
Scaling down stops the highest-numbered replicas gracefully (SIGTERM, as Compose does) and
removes them.
"""
import http.client
import json
import os
import socket
import sys
import time
import urllib.parse

SOCKET = "/var/run/docker.sock"
PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
NUMBER_LABEL = "com.docker.compose.container-number"
ONEOFF_LABEL = "com.docker.compose.oneoff"


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def api(method, path, body=None, timeout=60):
    connection = UnixConnection(SOCKET, timeout)
    try:
        payload = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"✘ Docker API {method} {path}: HTTP {response.status} {data.decode(errors='replace')}")
        return json.loads(data) if data else None
    finally:
        connection.close()


def project():
    """The Compose project the toolbox runs in: the label of its own container."""
    own = api("GET", f"/containers/{socket.gethostname()}/json")
    name = own["Config"]["Labels"].get(PROJECT_LABEL)
    if not name:
        raise SystemExit("✘ the toolbox does not run as part of a Compose project (docker compose run --rm toolbox)")
    return name


def replicas(project_name, service):
    filters = {"label": [f"{PROJECT_LABEL}={project_name}", f"{SERVICE_LABEL}={service}",
                         f"{ONEOFF_LABEL}=False"]}
    query = urllib.parse.urlencode({"all": "true", "filters": json.dumps(filters)})
    found = api("GET", f"/containers/json?{query}")
    return sorted(found, key=lambda c: int(c["Labels"].get(NUMBER_LABEL, "0")))


def wait_healthy(container_id, seconds=240):
    deadline = time.monotonic() + seconds
    while True:
        state = api("GET", f"/containers/{container_id}/json")["State"]
        health = state.get("Health", {}).get("Status", "healthy" if state.get("Running") else "starting")
        if health == "healthy":
            return
        if not state.get("Running") and state.get("Status") in ("exited", "dead"):
            raise SystemExit(f"✘ replica {container_id[:12]} exited: {state}")
        if time.monotonic() > deadline:
            raise SystemExit(f"✘ replica {container_id[:12]} not healthy within {seconds}s ({health})")
        time.sleep(1)


def add_replica(project_name, service, first, number):
    config = dict(first["Config"])
    for key in ("Hostname", "Domainname"):
        config.pop(key, None)
    labels = dict(config.get("Labels") or {})
    labels[NUMBER_LABEL] = str(number)
    config["Labels"] = labels
    host_config = dict(first["HostConfig"])
    # The host port stays with the first replica; the others are reached on the stack's network.
    host_config["PortBindings"] = {}
    host_config["PublishAllPorts"] = False
    networks = first["NetworkSettings"]["Networks"]
    config["NetworkingConfig"] = {"EndpointsConfig": {
        network: {"Aliases": [service]} for network in networks}}
    config["HostConfig"] = host_config
    name = f"{project_name}-{service}-{number}"
    created = api("POST", f"/containers/create?name={urllib.parse.quote(name)}", config)
    api("POST", f"/containers/{created['Id']}/start")
    return name, created["Id"]


def scale(service, wanted):
    project_name = project()
    running = [c for c in replicas(project_name, service) if c["State"] == "running"]
    if not running:
        raise SystemExit(f"✘ no running replica of {service} in project {project_name}")
    if len(running) > wanted:
        for extra in running[wanted:]:
            name = extra["Names"][0].lstrip("/")
            grace = int(os.environ.get("STOP_GRACE_SECONDS", "40"))
            api("POST", f"/containers/{extra['Id']}/stop?t={grace}", timeout=grace + 30)
            api("DELETE", f"/containers/{extra['Id']}?v=true")
            print(f"  removed replica {name}", file=sys.stderr)
    elif len(running) < wanted:
        first = api("GET", f"/containers/{running[0]['Id']}/json")
        taken = {int(c["Labels"].get(NUMBER_LABEL, "0")) for c in replicas(project_name, service)}
        started = []
        number = 1
        while len(running) + len(started) < wanted:
            number += 1
            if number in taken:
                continue
            started.append(add_replica(project_name, service, first, number))
        for name, container_id in started:
            wait_healthy(container_id)
            print(f"  started replica {name} (healthy)", file=sys.stderr)
    print(f"✔ {service}: {wanted} replica(s)", file=sys.stderr)


def main(argv):
    if len(argv) == 3 and argv[0] == "scale" and argv[2].isdigit() and int(argv[2]) >= 1:
        scale(argv[1], int(argv[2]))
    elif len(argv) == 2 and argv[0] == "count":
        print(len([c for c in replicas(project(), argv[1]) if c["State"] == "running"]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    if not os.path.exists(SOCKET):
        raise SystemExit(f"✘ no Docker socket at {SOCKET}: the toolbox needs the host's (DOCKER_SOCKET in docker-compose.yml)")
    main(sys.argv[1:])
