// How the view names a model: the catalogue's name ("Claude Sonnet 4.6"), never the raw id, which
// stays in tooltips. Shared by the header and the answers, so both read the same.
import type { ModelOption } from '../core/protocol/chatProtocol';

export class ModelNames {
  private byId = new Map<string, ModelOption>();

  set(models: readonly ModelOption[]): void {
    this.byId = new Map(models.map((m) => [m.id, m]));
  }

  option(id: string): ModelOption | undefined {
    return this.byId.get(id);
  }

  /**
   * The name a person reads: the catalogue's, without a "Provider: " prefix some gateways add; for
   * a model the catalogue does not know, its id without the provider. A slash command's `/image`
   * stays as it is.
   */
  name(id: string): string {
    const known = this.byId.get(id)?.name;
    if (known && known !== id) return known.replace(/^[^:/]{1,40}:\s+(?=\S)/, '');
    const slash = id.lastIndexOf('/');
    return slash > 0 ? id.slice(slash + 1) : id;
  }
}
