"""The simulation model: ports, queues, targeting, trafficking. No files, no Hydra, no pandas."""
