/** E-mail through SMTP (nodemailer), for run notifications. */
import nodemailer from 'nodemailer';

export interface Mailer {
  send(message: { to: string[]; subject: string; text: string; idempotencyKey: string }): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (!smtpUrl) return undefined;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text, idempotencyKey }) {
      // A stable Message-ID lets mail systems drop the duplicate if a retried activity sends twice.
      const domain = from.match(/@([^>\s]+)/)?.[1] ?? 'skillplane.local';
      await transport.sendMail({ from, to, subject, text, messageId: `<${idempotencyKey}@${domain}>` });
    },
    close: () => transport.close(),
  };
}
