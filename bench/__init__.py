"""Search benchmarks (speed and quality); run as ``python -m bench.<script>``."""
