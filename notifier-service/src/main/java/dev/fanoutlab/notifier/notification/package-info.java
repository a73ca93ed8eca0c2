/**
 * Order emails, from the SQS listener ({@code OrderNotificationsListener}) through the
 * service ({@code Notifier}) to SMTP and the DynamoDB notification log; only the
 * application class is public.
 */
@NullMarked
package dev.fanoutlab.notifier.notification;

import org.jspecify.annotations.NullMarked;
