// Defines <efa-jurisdiction-finder> for the start page and /zustaendigkeit.
import '@efa-kit/jurisdiction-finder';
