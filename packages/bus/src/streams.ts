// Stream names and subjects for one namespace. Every event lives in one stream, `<NS>_EVENTS`,
// kept whole so statistics can replay history; dead letters live in `<NS>_DEADLETTER`.
export interface StreamNames {
  events: string;
  eventSubjects: string;
  deadLetter: string;
  deadLetterSubjects: string;
  deadLetterSubject(service: string, durable: string): string;
}

export function streamNames(namespace: string): StreamNames {
  const upper = namespace.toUpperCase();
  return {
    events: `${upper}_EVENTS`,
    eventSubjects: `${namespace}.>`,
    deadLetter: `${upper}_DEADLETTER`,
    deadLetterSubjects: `${namespace}_deadletter.>`,
    deadLetterSubject: (service, durable) => `${namespace}_deadletter.${service}.${durable}`,
  };
}
