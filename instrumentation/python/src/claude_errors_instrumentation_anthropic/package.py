# The anthropic SDK versions the instrumentation patches (checked by BaseInstrumentor before
# _instrument runs; `opentelemetry-instrument` skips the instrumentor when none is installed).
_instruments = ("anthropic >= 0.40.0",)
