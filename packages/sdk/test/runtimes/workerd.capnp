# workerd's configuration for the runtime test: the worker (the SDK bundle, the scenario and
# worker.js, no Node compatibility flag), one HTTP socket on an ephemeral loopback port
# (reported on the control descriptor), and outbound fetches allowed to loopback only.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "sdk.js", esModule = embed "sdk.js"),
    (name = "scenario.js", esModule = embed "scenario.js"),
  ],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
