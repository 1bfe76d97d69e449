#!/usr/bin/env python3
"""The M/M/8 benchmark of `msgsim bench --only mmc`, written with SimPy.

Same model: Poisson arrivals at lambda = 7.2/s, 8 servers, exponential
service with mean 1 s (rho = 0.9), 1,000,000 customers, FIFO queue. It is
the textbook SimPy formulation (a Resource with capacity 8 and one process
per customer), as a reference for the speed ratio quoted in README.md.

Not part of the Swift package: `pip install simpy`, then
    python3 Tests/Benchmarks/simpy_mmc.py [customers]
"""
import random
import sys
import time

import simpy

LAMBDA = 7.2
SERVERS = 8
MEAN_SERVICE = 1.0


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(1)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    waits = []

    def customer(env):
        arrived = env.now
        with servers.request() as request:
            yield request
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1 / MEAN_SERVICE))

    def source(env):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(customer(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - start
    mean_wait = sum(waits) / len(waits)
    print(f"simpy     M/M/8 rho=0.9, {customers} customers: {elapsed:.2f} s, "
          f"mean wait {mean_wait:.3f} s (Erlang C 0.877 s)")


if __name__ == "__main__":
    main()
