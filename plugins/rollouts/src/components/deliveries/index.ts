export { DeliveriesPage, DELIVERIES_LIVE_KEY } from './DeliveriesPage';
export { EntityDeliveryMetricsCard } from './EntityDeliveryMetricsCard';
export { DeliveryMetricsView } from './DeliveryMetricsView';
