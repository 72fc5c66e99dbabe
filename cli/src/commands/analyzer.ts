import { kafkaModeCommand } from '../kafka-mode.js';
import { createAnalyzer, shutdownAll, untilSignal } from '../services.js';

export const command = kafkaModeCommand('analyzer', 'The analyzer alone, consuming from Kafka into DuckDB (--kafka required)', async (cfg, logger) => {
  const analyzer = await createAnalyzer(cfg, logger);
  await analyzer.start();
  process.stdout.write(`claude-errors analyzer: kafka ${cfg.kafka.join(',')} topic ${cfg.topic} -> ${analyzer.store.path}\n  API: ${analyzer.url}/api/v1/summary\n`);
  return untilSignal({ analyzer, shutdown: () => shutdownAll([analyzer]) }, logger);
});
