//! Stateful loopback simulators of the four provider APIs, with fault and latency injection.
