import type { ProductState } from './model.ts';

/** The list with `product` replacing the entry of the same name (or appended); the same list if unchanged. */
export function withProduct(products: ProductState[], product: ProductState): ProductState[] {
  const index = products.findIndex((p) => p.name === product.name);
  const existing = products[index];
  if (existing && existing.status === product.status && existing.updatedAt === product.updatedAt)
    return products;
  const entry = Object.fromEntries(
    Object.entries(product).filter(([, value]) => value !== undefined),
  ) as unknown as ProductState;
  return index === -1 ? [...products, entry] : products.map((p, i) => (i === index ? entry : p));
}
