/**
 * Desktop notifications: {@link io.gridscope.alerts.notify.DesktopNotifier} and its freedesktop implementation
 * {@link io.gridscope.alerts.notify.DbusNotifier}, which talks to {@code org.freedesktop.Notifications} on the D-Bus
 * session bus (as GNOME Shell, KDE Plasma, dunst and notification-daemon serve it). Independent of the rule engine:
 * it shows what it is given.
 */
package io.gridscope.alerts.notify;
