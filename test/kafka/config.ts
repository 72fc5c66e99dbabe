import { randomBytes } from 'node:crypto';

export interface BrokerPorts {
  broker: number;
  controller: number;
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding (Kafka's Uuid format). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * server.properties of a single-node KRaft cluster (one process is broker and controller) on
 * loopback. Internal topics use one replica and one partition so the first consumer group starts
 * quickly. Topics are never auto-created: the exporter and the receiver create the topic they use
 * with the partition count they are configured for.
 */
export function serverProperties(ports: BrokerPorts, logDir: string): string {
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${ports.controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'min.insync.replicas=1',
    // After kill -9 the controller refuses the restarted broker until the old session expires
    // (default 9 s); a shorter session makes fault tests restart in ~5 s. Loopback heartbeats
    // every second leave ample margin even on a busy machine.
    'broker.heartbeat.interval.ms=1000',
    'broker.session.timeout.ms=4000',
  ];
  return `${lines.join('\n')}\n`;
}

/** log4j2 configuration: everything at INFO and above goes to one file, nothing to the console. */
export function log4jProperties(logFile: string): string {
  return [
    'status = error',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    '',
  ].join('\n');
}
