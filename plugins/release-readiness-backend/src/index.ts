/**
 * Release-readiness backend plugin: evaluates the three Protocol 11 quality
 * gates of every annotated catalog entity from the evidence its repository
 * keeps, stores the results and serves them over REST.
 *
 * @packageDocumentation
 */
export { releaseReadinessPlugin as default } from './plugin';
