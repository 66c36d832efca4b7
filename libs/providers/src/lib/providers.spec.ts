import { providers } from './providers';

describe('providers', () => {
  it('should work', () => {
    expect(providers()).toEqual('providers');
  })
})
